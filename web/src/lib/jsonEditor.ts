// The playground's JSON editor: CodeMirror 6 with JSON syntax, completion of property
// names and enum values from a JSON Schema, and problems placed by JSON Pointer. Loaded
// on first use (its own chunk), so pages without an editor do not pay for it.
//
// The editor lives in a shadow root: CodeMirror styles itself with generated CSS, which
// it adds as a <style> element to a document (refused by the portals' CSP, `style-src
// 'self'`) but as a constructed stylesheet to a shadow root, which the CSP allows. Our
// look is a CodeMirror theme for the same reason; the page's CSS variables reach in.
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, placeholder } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { setDiagnostics, lintGutter, type Diagnostic } from "@codemirror/lint";
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { syntaxTree, bracketMatching, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import type { SyntaxNode } from "@lezer/common";
import type { SchemaReader } from "./schemaWalk";

export interface Problem {
  pointer: string;  // inside this editor's document ("/amount", "/query/limit")
  message: string;
}

export interface JsonEditorOptions {
  host: HTMLElement;  // the editor's shadow root is attached to it
  doc: string;
  label: string;        // the editor's accessible name
  onChange: (text: string) => void;
  // What the document's schema says at a path of keys and indexes from its root.
  schema: SchemaReader;
  // Member names compared without case below this top-level key ("headers").
  caseInsensitiveUnder?: string;
}

export interface JsonEditorHandle {
  setDoc(text: string): void;
  // Marks the problems in the text (JSON syntax errors first: while the text does not
  // parse, the validator's pointers cannot be placed).
  setProblems(problems: Problem[]): void;
  focus(): void;
  destroy(): void;
}

function memberName(state: EditorState, property: SyntaxNode): string | null {
  const name = property.getChild("PropertyName");
  if (!name) return null;
  try {
    return JSON.parse(state.sliceDoc(name.from, name.to)) as string;
  } catch {
    return state.sliceDoc(name.from, name.to).replace(/^"|"$/g, "");
  }
}

function valueOf(property: SyntaxNode): SyntaxNode | null {
  for (let child = property.lastChild; child; child = child.prevSibling) {
    if (child.name !== "PropertyName" && child.name !== ":" && !child.type.isError) return child;
  }
  return null;
}

const kPunctuation = new Set(["[", "]", "{", "}", ",", ":"]);

function elements(array: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = array.firstChild; child; child = child.nextSibling) {
    if (!kPunctuation.has(child.name) && !child.type.isError) out.push(child);
  }
  return out;
}

// The range a pointer names: a member's name when it ends at a member, else the value;
// the deepest part that exists when the rest does not (a missing required member is
// reported on its object).
export function pointerRange(state: EditorState, pointer: string, caseInsensitiveUnder?: string): { from: number; to: number } | null {
  const tokens = pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  const top = syntaxTree(state).topNode;
  let node: SyntaxNode | null = top.firstChild;
  while (node && node.type.isError) node = node.nextSibling;
  if (!node) return { from: 0, to: Math.min(1, state.doc.length) };
  let range = { from: node.from, to: node.to };
  for (let i = 0; i < tokens.length && node; i++) {
    const token = tokens[i]!;
    let next: SyntaxNode | null = null;
    if (node.name === "Object") {
      const folded = caseInsensitiveUnder !== undefined && i === 1 && tokens[0] === caseInsensitiveUnder;
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name !== "Property") continue;
        const name = memberName(state, child);
        if (name === token || (folded && name?.toLowerCase() === token.toLowerCase())) {
          const key = child.getChild("PropertyName")!;
          next = valueOf(child);
          range = i === tokens.length - 1 ? { from: key.from, to: key.to } : range;
          if (!next) return { from: key.from, to: key.to };
          break;
        }
      }
    } else if (node.name === "Array" && /^\d+$/.test(token)) {
      next = elements(node)[Number(token)] ?? null;
    }
    if (!next) return range;  // the deepest part there is
    node = next;
    if (i < tokens.length - 1 || node.parent?.name !== "Property") range = { from: node.from, to: node.to };
  }
  return range;
}

// The keys and indexes from the root to `container` (an Object or Array).
function pathTo(state: EditorState, container: SyntaxNode): string[] {
  const path: string[] = [];
  for (let node: SyntaxNode | null = container; node?.parent; node = node.parent) {
    const parent: SyntaxNode = node.parent;
    if (parent.name === "Property" && node.name !== "PropertyName") {
      const name = memberName(state, parent);
      if (name !== null) path.unshift(name);
    } else if (parent.name === "Array") {
      path.unshift(String(elements(parent).findIndex((e) => e.from === node!.from)));
    }
  }
  return path;
}

function completeFromSchema(options: JsonEditorOptions) {
  return (context: CompletionContext): CompletionResult | null => {
    const { state, pos } = context;
    const word = context.matchBefore(/"?[\w$@.\-]*"?$/);
    const start = word ? word.from : pos;
    // What comes before the word decides: a key after `{` or `,`, a value after `:`.
    let before = start - 1;
    while (before >= 0 && /\s/.test(state.sliceDoc(before, before + 1))) before--;
    const previous = before >= 0 ? state.sliceDoc(before, before + 1) : "";
    if (previous !== "{" && previous !== "," && previous !== ":") return null;
    if (!context.explicit && (!word || word.from === word.to) && previous !== ":" && previous !== "{" && previous !== ",") return null;
    let container: SyntaxNode | null = syntaxTree(state).resolveInner(before + 1, -1);
    while (container && container.name !== "Object" && container.name !== "Array") container = container.parent;
    if (!container) return null;
    if (previous === ":") {
      // The member whose value this is.
      let property: SyntaxNode | null = syntaxTree(state).resolveInner(before, -1);
      while (property && property.name !== "Property") property = property.parent;
      const name = property ? memberName(state, property) : null;
      if (name === null) return null;
      const values = options.schema.values([...pathTo(state, container), name]);
      if (values.length === 0) return null;
      return {
        from: start,
        options: values.map((v): Completion => ({ label: JSON.stringify(v), type: "enum", detail: "allowed value" })),
      };
    }
    if (container.name !== "Object") return null;
    const present = new Set<string>();
    for (let child = container.firstChild; child; child = child.nextSibling) {
      if (child.name === "Property" && !(child.from <= start && start <= child.to)) {
        const name = memberName(state, child);
        if (name !== null) present.add(name);
      }
    }
    const members = options.schema.members(pathTo(state, container)).filter((p) => !present.has(p.name));
    if (members.length === 0) return null;
    return {
      from: start,
      options: members.map((p): Completion => ({
        label: JSON.stringify(p.name),
        apply: `${JSON.stringify(p.name)}: `,
        type: "property",
        detail: p.required ? `${p.type} · required` : p.type,
        info: p.description || undefined,
      })),
    };
  };
}

const theme = EditorView.theme({
  "&": {
    minHeight: "6rem",
    maxHeight: "28rem",
    fontSize: "0.9rem",
    color: "var(--text)",
    backgroundColor: "var(--surface-strong)",
    border: "1px solid var(--border)",
    borderRadius: "var(--radius-small)",
  },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", minHeight: "6rem" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-gutters": {
    backgroundColor: "var(--surface)",
    color: "var(--text-muted)",
    borderRight: "1px solid var(--border)",
    borderRadius: "var(--radius-small) 0 0 var(--radius-small)",
  },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "transparent" },
  ".cm-tooltip": { backgroundColor: "var(--surface-strong)", color: "var(--text)", border: "1px solid var(--border)" },
  ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--accent-text)" },
});

export function createJsonEditor(options: JsonEditorOptions): JsonEditorHandle {
  let silent = false;
  const syntax = jsonParseLinter();
  const extensions: Extension[] = [
    lineNumbers(),
    history(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    json(),
    lintGutter(),
    autocompletion({ override: [completeFromSchema(options)], activateOnTyping: true }),
    // No Tab binding: Tab leaves the editor, as keyboard users expect of a form.
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
    placeholder("{ }"),
    // An explicit tabindex: axe does not count a contenteditable as focusable, and the
    // scroller around it must hold something the keyboard reaches.
    EditorView.contentAttributes.of({ "aria-label": options.label, tabindex: "0" }),
    EditorView.lineWrapping,
    theme,
    EditorView.updateListener.of((update) => {
      if (update.docChanged && !silent) options.onChange(update.state.doc.toString());
    }),
  ];
  const root = options.host.shadowRoot ?? options.host.attachShadow({ mode: "open" });
  const parent = document.createElement("div");
  root.replaceChildren(parent);
  const view = new EditorView({ root, parent, state: EditorState.create({ doc: options.doc, extensions }) });
  return {
    setDoc(text: string) {
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      silent = false;
    },
    setProblems(problems: Problem[]) {
      const diagnostics: Diagnostic[] = view.state.doc.length > 0 ? syntax(view) : [];
      if (diagnostics.length === 0) {
        for (const problem of problems) {
          const range = pointerRange(view.state, problem.pointer, options.caseInsensitiveUnder);
          if (!range) continue;
          diagnostics.push({ from: range.from, to: Math.max(range.to, range.from), severity: "error", message: problem.message });
        }
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}
