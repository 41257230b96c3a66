// The one root layout passes its children through: each language's pages draw their own <html lang> in
// app/[locale]/layout.tsx, and the staff area its English one in app/staff/layout.tsx. One root layout, rather than
// two, keeps each "Page not found" inside its own language's frame (with two, Next.js renders none: vercel/next.js#59180).
export default function PassThroughLayout({ children }: { children: React.ReactNode }) {
  return children;
}
