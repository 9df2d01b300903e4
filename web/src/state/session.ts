// Who is signed in: the few signals the whole app reads.
import { signal, computed } from "@preact/signals";
import type { components } from "../api/schema";

export type Me = components["schemas"]["Whoami"];

export const me = signal<Me | null | undefined>(undefined); // undefined: not known yet
export const csrfToken = signal<string | null>(null);
export const isPartner = computed(() => me.value?.org.kind === "partner");

export function signedIn(who: Me) {
  me.value = who;
  csrfToken.value = who.csrf_token ?? null;
}

export function signedOut() {
  me.value = null;
  csrfToken.value = null;
}
