import Link from "next/link";
import { ArticleList } from "@/components/ArticleList";
import { listArticles } from "@/lib/articles";
import { getClinic } from "@/lib/clinic";

export default function NotFound() {
  const clinic = getClinic();
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may have a typing mistake.</p>
      <p>
        Go to the <Link href="/">home page</Link>, read the <Link href="/articles">articles</Link>, or{" "}
        <Link href="/book">book a consultation</Link>. To speak to the clinic, call{" "}
        <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a>.
      </p>
      <h2>Articles</h2>
      <ArticleList articles={listArticles().slice(0, 5)} headingLevel={3} />
    </>
  );
}
