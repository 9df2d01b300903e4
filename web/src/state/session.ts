// Who is signed in: the few signals the whole app reads.
import { signal, computed } from "@preact/signals";

export interface Me {
  user: { id: string; email: string; name?: string };
  org: { id: string; name: string; kind: string };
  role: string;
}

export const me = signal<Me | null | undefined>(undefined); // undefined: not known yet
export const csrfToken = signal<string | null>(null);
export const isPartner = computed(() => me.value?.org.kind === "partner");

export function signedIn(who: Me, csrf: string | null) {
  me.value = who;
  csrfToken.value = csrf;
}

export function signedOut() {
  me.value = null;
  csrfToken.value = null;
}
