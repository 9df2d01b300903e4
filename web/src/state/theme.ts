// Light or dark: the stored choice, else the system's.
import { signal, effect } from "@preact/signals";

type Theme = "light" | "dark";
const stored = localStorage.getItem("icopilot-theme");
const system: Theme = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";

export const theme = signal<Theme>(stored === "dark" || stored === "light" ? stored : system);

effect(() => {
  document.documentElement.dataset.theme = theme.value;
});

export function toggleTheme() {
  theme.value = theme.value === "dark" ? "light" : "dark";
  localStorage.setItem("icopilot-theme", theme.value);
}
