"use client";

import { BarChart, CustomChart, GaugeChart, LineChart } from "echarts/charts";
import { GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef, useState } from "react";
import { useTheme } from "@/components/ui/theme";
import { useTimeZone } from "./time-zone";

// The only place that touches the echarts runtime; only what is used is registered.
echarts.use([LineChart, BarChart, GaugeChart, CustomChart, GridComponent, TooltipComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export interface PointerEvent {
  type: "move" | "leave" | "click";
  /** Pixels from the top-left of the plot area (the grid). */
  x: number;
  y: number;
  /** [x axis value, y axis value] under the pointer; null outside the plot. */
  value: [number, number] | null;
  plot: { x: number; y: number; width: number; height: number } | null;
}

export interface EChartProps {
  option: echarts.EChartsCoreOption;
  className?: string;
  ariaLabel: string;
  /** Charts of one group share crosshair and tooltip (echarts.connect). */
  group?: string;
  onPointer?: (event: PointerEvent) => void;
  /** Drag across the plot: the x values where the drag started and ended, ordered. */
  onSelectRange?: (from: number, to: number, modifiers: { shiftKey: boolean }) => void;
  /** Called once the chart has drawn everything (ECharts' "finished"). */
  onRendered?: () => void;
  /** Gives the parent a PNG of the chart (for export). */
  exportRef?: React.RefObject<(() => string | null) | null>;
}

type ZrEvent = { offsetX: number; offsetY: number; event?: MouseEvent };

function plotRect(instance: echarts.ECharts) {
  // The grid's rectangle in pixels: two corners of the axes' extents converted back.
  const model = (instance as unknown as { getModel(): { getComponent(t: string, i: number): { coordinateSystem?: { getRect(): { x: number; y: number; width: number; height: number } } } | undefined } }).getModel();
  return model.getComponent("grid", 0)?.coordinateSystem?.getRect() ?? null;
}

export function EChart({ option, className, ariaLabel, group, onPointer, onSelectRange, onRendered, exportRef }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const theme = useTheme();
  const zone = useTimeZone();
  const handlers = useRef({ onPointer, onSelectRange, onRendered });
  handlers.current = { onPointer, onSelectRange, onRendered };
  const [drag, setDrag] = useState<{ x0: number; x1: number; top: number; height: number } | null>(null);
  const [drawn, setDrawn] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, theme === "dark" ? "dark" : undefined, { renderer: "canvas" });
    chart.current = instance;
    if (group) {
      instance.group = group;
      echarts.connect(group);
    }
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    instance.on("finished", () => {
      setDrawn((n) => n + 1);
      handlers.current.onRendered?.();
    });
    const zr = instance.getZr();
    let dragStart: number | null = null;
    const pointer = (type: PointerEvent["type"], e: ZrEvent): PointerEvent => {
      const rect = plotRect(instance);
      const inside = rect !== null && instance.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]);
      const value = inside ? (instance.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as [number, number]) : null;
      return { type, x: e.offsetX - (rect?.x ?? 0), y: e.offsetY - (rect?.y ?? 0), value, plot: rect };
    };
    zr.on("mousemove", (e: ZrEvent) => {
      handlers.current.onPointer?.(pointer("move", e));
      if (dragStart !== null) {
        const rect = plotRect(instance);
        if (!rect) return;
        const x = Math.min(Math.max(e.offsetX, rect.x), rect.x + rect.width);
        setDrag({ x0: dragStart, x1: x, top: rect.y, height: rect.height });
      }
    });
    zr.on("globalout", (e: ZrEvent) => handlers.current.onPointer?.(pointer("leave", e)));
    zr.on("mousedown", (e: ZrEvent) => {
      if (!handlers.current.onSelectRange || (e.event && e.event.button !== 0)) return;
      if (instance.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])) dragStart = e.offsetX;
    });
    zr.on("mouseup", (e: ZrEvent) => {
      const start = dragStart;
      dragStart = null;
      setDrag(null);
      const rect = plotRect(instance);
      if (start === null || !rect) return;
      const end = Math.min(Math.max(e.offsetX, rect.x), rect.x + rect.width);
      if (Math.abs(end - start) < 5) {
        handlers.current.onPointer?.(pointer("click", e));
        return;
      }
      const a = instance.convertFromPixel({ gridIndex: 0 }, [start, rect.y]) as [number, number];
      const b = instance.convertFromPixel({ gridIndex: 0 }, [end, rect.y]) as [number, number];
      handlers.current.onSelectRange?.(Math.min(a[0], b[0]), Math.max(a[0], b[0]), { shiftKey: e.event?.shiftKey ?? false });
    });
    zr.on("click", (e: ZrEvent) => {
      if (!handlers.current.onSelectRange) handlers.current.onPointer?.(pointer("click", e));
    });
    if (exportRef) exportRef.current = () => instance.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: getComputedStyle(el).getPropertyValue("--panel") || "#181b1f" });
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      if (exportRef) exportRef.current = null;
    };
  }, [theme, group, exportRef]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: "transparent", useUTC: zone === "utc", ...option }, { notMerge: true });
  }, [option, theme, zone]);

  const series = (option as { series?: unknown }).series;
  return (
    <div style={{ position: "relative" }} className={className}>
      <div
        ref={ref}
        style={{ position: "absolute", inset: 0 }}
        role="img"
        aria-label={ariaLabel}
        data-series-count={Array.isArray(series) ? series.length : 0}
        data-rendered={drawn}
      />
      {drag && (
        <div
          className="drag-selection"
          data-testid="drag-selection"
          style={{ left: Math.min(drag.x0, drag.x1), width: Math.abs(drag.x1 - drag.x0), top: drag.top, height: drag.height }}
        />
      )}
    </div>
  );
}
