"use client";

import { Component, type ReactNode } from "react";
import { Panel } from "./Panel";

export interface PanelBoundaryProps {
  id: string;
  title: string;
  children: ReactNode;
}

/** A panel that fails to draw shows why in its own frame; the rest of the dashboard keeps working. */
export class PanelBoundary extends Component<PanelBoundaryProps, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Panel id={this.props.id} title={this.props.title}>
        <div className="panel-state panel-error" role="alert" data-state="error">
          <div>
            This panel could not be drawn<code>{this.state.error.message}</code>
          </div>
        </div>
      </Panel>
    );
  }
}
