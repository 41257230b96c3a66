import Link from "next/link";
import { listArticles } from "@/lib/articles";
import { ArticleList } from "@/components/ArticleList";

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may have a typing mistake.</p>
      <p>
        Go to the <Link href="/">home page</Link>, read the <Link href="/articles">articles</Link>, or{" "}
        <Link href="/book">book a consultation</Link>.
      </p>
      <h2>Articles</h2>
      <ArticleList articles={listArticles().slice(0, 5)} headingLevel={3} />
    </>
  );
}
