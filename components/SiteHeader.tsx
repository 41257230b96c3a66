import Link from "next/link";

export interface NavigationLink {
  href: string;
  label: string;
  /** The booking link, drawn as a button. */
  callToAction?: boolean;
}

export function SiteHeader({
  name,
  tagline,
  navigationLabel,
  links,
}: {
  name: string;
  tagline: string;
  navigationLabel: string;
  links: NavigationLink[];
}) {
  return (
    <header className="site-header">
      <div className="wrap site-header__inner">
        <Link href={links[0].href} className="brand">
          <span className="brand__name">{name}</span>
          <span className="brand__tagline">{tagline}</span>
        </Link>
        <nav aria-label={navigationLabel}>
          <ul className="nav">
            {links.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className={item.callToAction ? "nav__cta" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}
