// Calls `tick` now and every `ms` while `active` says so; the page never waits on it.
// Used for live run progress: the API's run summary holds the counts so far.
import { useEffect } from "preact/hooks";

export function usePoll(tick: () => Promise<boolean>, ms: number, deps: unknown[]) {
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    async function again() {
      const more = await tick();
      if (!stopped && more) timer = window.setTimeout(again, ms);
    }
    void again();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, deps);
}
