// The playground's request as code, in the language chosen, with a copy button.
import { useState } from "preact/hooks";
import { snippet, snippetLanguages, type SnippetLanguage } from "../lib/snippets";

export function Snippets({ request }: { request: { method: string; url: string; request_headers: [string, string][]; request_body: string } }) {
  const [language, setLanguage] = useState<SnippetLanguage>("curl");
  const code = snippet(language, request);
  return (
    <div class="stack">
      <div class="row" role="group" aria-label="Language">
        {snippetLanguages.map((l) => (
          <button key={l} type="button" class={l === language ? "" : "secondary"} aria-pressed={l === language} onClick={() => setLanguage(l)}>
            {l}
          </button>
        ))}
      </div>
      <pre class="code" tabIndex={0} aria-label={`The request in ${language}`}>{code}</pre>
      <button type="button" class="secondary" onClick={() => void navigator.clipboard.writeText(code)}>
        Copy {language}
      </button>
    </div>
  );
}
