// The frame of every signed-in page: the portal's navigation, who is signed in, the
// theme switch and sign-out. A project's own pages (plan, assistant, ...) are its tabs.
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { me, isPartner, signedOut } from "../state/session";
import { theme, toggleTheme } from "../state/theme";
import { api } from "../api/client";

interface NavItem {
  href: string;
  label: string;
}

const vendorNav: NavItem[] = [
  { href: "/projects", label: "Projects" },
  { href: "/audit", label: "Audit log" },
  { href: "/settings", label: "Settings" },
];

const partnerNav: NavItem[] = [
  { href: "/partner", label: "My projects" },
  { href: "/settings", label: "Settings" },
];

export function Shell({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const who = me.value;
  const nav = isPartner.value ? partnerNav : vendorNav;
  async function signOut() {
    await api.DELETE("/api/v1/session");
    signedOut();
  }
  return (
    <div class="shell">
      <aside class="sidebar">
        <div class="brand">
          Integration Copilot
          <small>{isPartner.value ? "Partner portal" : "Vendor portal"}</small>
        </div>
        <nav class="nav" aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.label}>
                <a href={item.href} aria-current={path.startsWith(item.href) ? "page" : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="account stack">
          <div>
            <div>{who?.user.email}</div>
            <div class="muted">
              {who?.org.name} · {who?.role}
            </div>
          </div>
          <button type="button" class="secondary" onClick={toggleTheme}>
            {theme.value === "dark" ? "Light theme" : "Dark theme"}
          </button>
          <button type="button" class="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main>{children}</main>
    </div>
  );
}
