import { ArticleList } from "@/components/ArticleList";
import { listArticles } from "@/lib/articles";
import { pageMetadata } from "@/lib/page-metadata";

export const metadata = pageMetadata({
  title: "Articles",
  description: "Articles on skin care and dermatology procedures from Dr. Divya Sharma's clinic.",
  path: "/articles",
});

export default function ArticlesPage() {
  return (
    <>
      <h1>Articles</h1>
      <ArticleList articles={listArticles()} />
    </>
  );
}
