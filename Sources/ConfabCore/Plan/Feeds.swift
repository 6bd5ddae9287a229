import Foundation

/// `feed.xml` (Atom, newest sessions) and `sitemap.xml`, which need absolute URLs and so
/// exist only when `base_url` is configured, and `robots.txt`.
extension PlanContext {
    static let feedSize = 50

    func feedFiles(pages: [Page]) -> [OutputFile] {
        let config = archive.config
        let robots = robotsText()
        guard let base = config.baseURL else { return robots.map { [$0] } ?? [] }
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

        var files = [OutputFile(path: SiteMap.feed, bytes: Data(feed.utf8))]
        // A site that asks not to be indexed has no sitemap: its one use is to invite crawlers.
        if !config.noindex {
            var sitemap = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
            for page in pages where page.path != SiteMap.notFound && page.path != SiteMap.search && !unindexed.contains(page.path) {
                sitemap += "  <url><loc>\(url(page.path))</loc></url>\n"
            }
            sitemap += "</urlset>\n"
            files.append(OutputFile(path: SiteMap.sitemap, bytes: Data(sitemap.utf8)))
        }
        return files + (robots.map { [$0] } ?? [])
    }

    /// `robots.txt`. Crawlers read it only at a host's root, so a site elsewhere gets one
    /// only when it has something to forbid (`noindex`), with its paths under the base
    /// URL's, for the owner to merge into the host's own; a site at an unknown address is
    /// taken to be at the root.
    func robotsText() -> OutputFile? {
        let config = archive.config
        // The address as a URL writes it: percent-encoded, so no line break can end a rule early.
        let base = config.baseURL.flatMap { URL(string: $0) }
        var root = base?.path(percentEncoded: true) ?? ""
        if !root.hasSuffix("/") { root += "/" }
        // `*` and `$` are patterns in robots.txt; in a path they are only characters.
        root = root.replacingOccurrences(of: "*", with: "%2A").replacingOccurrences(of: "$", with: "%24")
        var text = "User-agent: *\n"
        if config.noindex {
            text += "Disallow: \(root)\n"
        } else if !unindexed.isEmpty {
            for path in unindexed.sorted() { text += "Disallow: \(root)\(path)\n" }
        } else if base != nil && root == "/" {
            text += "Allow: /\n"
        } else {
            return nil
        }
        if let base, !config.noindex { text += "Sitemap: \(SiteMap.absolute(SiteMap.sitemap, base: base.absoluteString))\n" }
        return OutputFile(path: SiteMap.robots, bytes: Data(text.utf8))
    }

    /// When the session's last message was written (its start without written times).
    func lastInstant(_ session: Session) -> Date {
        session.messages.filter(\.timeIsWritten).map(\.instant).max() ?? session.startInstant
    }
}
