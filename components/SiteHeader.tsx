import Link from "next/link";

const NAVIGATION = [
  { href: "/", label: "Home" },
  { href: "/articles", label: "Articles" },
  { href: "/book", label: "Book a consultation" },
];

export function SiteHeader({ name, specialty, locality }: { name: string; specialty: string; locality: string }) {
  return (
    <header className="site-header">
      <div className="wrap site-header__inner">
        <Link href="/" className="brand">
          <span className="brand__name">{name}</span>
          <span className="brand__tagline">
            {specialty} · {locality.split(",")[0]}
          </span>
        </Link>
        <nav aria-label="Main">
          <ul className="nav">
            {NAVIGATION.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className={item.href === "/book" ? "nav__cta" : undefined}>
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
