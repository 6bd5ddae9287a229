import Foundation

/// `feed.xml` (Atom, newest sessions), `sitemap.xml` and `robots.txt`. All need
/// absolute URLs, so they exist only when `base_url` is configured.
extension PlanContext {
    static let feedSize = 50

    func feedFiles(pages: [Page]) -> [OutputFile] {
        guard let base = archive.config.baseURL else { return [] }
        func url(_ path: String) -> String { HTML.escape(SiteMap.absolute(path, base: base)) }

        var feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>\(HTML.escape(archive.config.title))</title>
          <link rel="self" type="application/atom+xml" href="\(url(SiteMap.feed))"/>
          <link rel="alternate" type="text/html" href="\(url(SiteMap.index))"/>
          <id>\(url(SiteMap.index))</id>
          <updated>\(archive.sessions.last.map { TimeText.isoText(lastInstant($0)) } ?? "1970-01-01T00:00:00Z")</updated>
          <author><name>\(HTML.escape(archive.config.title))</name></author>
          <generator version="\(version)">Confab</generator>

        """
        for index in archive.sessions.indices.reversed().prefix(Self.feedSize) {
            let session = archive.sessions[index]
            feed += """
              <entry>
                <title>\(HTML.escape(sessionName(index)))</title>
                <link rel="alternate" type="text/html" href="\(url(map.sessions[index]))"/>
                <id>\(url(map.sessions[index]))</id>
                <published>\(TimeText.isoText(session.startInstant))</published>
                <updated>\(TimeText.isoText(lastInstant(session)))</updated>
                <content type="html">\(HTML.escape(summaries.sessions[index].html))</content>
              </entry>

            """
        }
        feed += "</feed>\n"

        var sitemap = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages where page.path != SiteMap.notFound && page.path != SiteMap.search {
            sitemap += "  <url><loc>\(url(page.path))</loc></url>\n"
        }
        sitemap += "</urlset>\n"
        var files = [OutputFile(path: SiteMap.feed, bytes: Data(feed.utf8)),
                     OutputFile(path: SiteMap.sitemap, bytes: Data(sitemap.utf8))]
        // Crawlers read robots.txt only at a host's root.
        if URL(string: base).map({ $0.path.isEmpty || $0.path == "/" }) == true {
            let robots = "User-agent: *\nAllow: /\nSitemap: \(SiteMap.absolute(SiteMap.sitemap, base: base))\n"
            files.append(OutputFile(path: SiteMap.robots, bytes: Data(robots.utf8)))
        }
        return files
    }

    /// When the session's last message was written (its start without written times).
    func lastInstant(_ session: Session) -> Date {
        session.messages.filter(\.timeIsWritten).map(\.instant).max() ?? session.startInstant
    }
}
