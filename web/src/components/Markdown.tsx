// Markdown from a spec or a user, rendered safely: micromark escapes raw HTML and drops
// javascript: and other dangerous link targets (its defaults, which we never change).
// Nothing it makes can run: the page's CSP forbids inline script besides. micromark is
// loaded with the first page that shows Markdown, not with the app: until it arrives
// the text shows as it is written.
import { useEffect, useState } from "preact/hooks";

type Render = (markdown: string) => string;
let render: Render | null = null;
let loading: Promise<Render> | null = null;

function loadRenderer(): Promise<Render> {
  loading ??= import("micromark").then(({ micromark }) => (render = (text) => micromark(text)));
  return loading;
}

export function Markdown({ text, class: className }: { text: string; class?: string }) {
  const [ready, setReady] = useState(render !== null);
  useEffect(() => {
    if (!ready) void loadRenderer().then(() => setReady(true));
  }, [ready]);
  if (!text.trim()) return null;
  const classes = className ? `markdown ${className}` : "markdown";
  if (!render) return <div class={`${classes} plain`}>{text}</div>;
  return <div class={classes} dangerouslySetInnerHTML={{ __html: render(text) }} />;
}
