import type { Metadata } from "next";
import { ArticleList } from "@/components/ArticleList";
import { listArticles } from "@/lib/articles";

export const metadata: Metadata = {
  title: "Articles",
  description: "Articles on skin care and dermatology procedures from Dr. Divya Sharma's clinic.",
  alternates: { canonical: "/articles" },
};

export default function ArticlesPage() {
  return (
    <>
      <h1>Articles</h1>
      <ArticleList articles={listArticles()} />
    </>
  );
}
