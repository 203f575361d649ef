"use client";

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, insertNewlineAndIndent } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintKeymap } from "@codemirror/lint";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { PromQLExtension } from "@prometheus-io/codemirror-promql";
import { useEffect, useRef } from "react";

export interface PromQLEditorProps {
  value: string;
  /** Completion asks this datasource, through the console's proxy (so a developer's team scope applies). */
  datasource: string;
  onChange: (value: string) => void;
  /** Enter (Shift+Enter for a new line) or Ctrl/Cmd+Enter. */
  onRun: () => void;
  label?: string;
}

/** Colours readable on both themes (the CSS variables follow the theme). */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--syntax-keyword, #c586c0)" },
  { tag: tags.function(tags.variableName), color: "var(--syntax-function, #dcdcaa)" },
  { tag: tags.labelName, color: "var(--syntax-label, #9cdcfe)" },
  { tag: tags.string, color: "var(--syntax-string, #ce9178)" },
  { tag: [tags.number, tags.unit], color: "var(--syntax-number, #b5cea8)" },
  { tag: tags.operator, color: "var(--syntax-operator, #d4d4d4)" },
  { tag: tags.comment, color: "var(--muted)", fontStyle: "italic" },
  { tag: tags.invalid, color: "var(--error)" },
]);

/** The PromQL language with completion of metric names, labels and values from `/api/prom/<datasource>`, and the offline linter. */
function promql(datasource: string) {
  return new PromQLExtension()
    .setComplete({ remote: { url: `/api/prom/${encodeURIComponent(datasource)}`, httpMethod: "POST", cache: { maxAge: 60_000 } } })
    .asExtension();
}

/** Prometheus' own editor (codemirror-promql), as in Prometheus' UI: highlighting, completion, lint. */
export function PromQLEditor({ value, datasource, onChange, onRun, label = "PromQL query" }: PromQLEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  // The latest callbacks, without rebuilding the editor.
  const handlers = useRef({ onChange, onRun });
  useEffect(() => {
    handlers.current = { onChange, onRun };
  });

  useEffect(() => {
    if (!host.current) return;
    const run = () => {
      handlers.current.onRun();
      return true;
    };
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          bracketMatching(),
          autocompletion(),
          syntaxHighlighting(highlight),
          placeholder("Expression (press Enter to run, Shift+Enter for a new line)"),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true" }),
          language.current.of(promql(datasource)),
          // Enter runs unless the completion list is open (its keymap comes first).
          Prec.highest(keymap.of([...completionKeymap])),
          Prec.high(keymap.of([{ key: "Enter", run }, { key: "Mod-Enter", run }, { key: "Shift-Enter", run: insertNewlineAndIndent }])),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...lintKeymap]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) handlers.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is made once; value and datasource changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value from outside (history, a shared link): replace the document.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(promql(datasource)) });
  }, [datasource]);

  return <div ref={host} className="promql-editor" data-testid="promql-editor" />;
}
