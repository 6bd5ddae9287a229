import Foundation

/// Every output path of the site, decided once from the archive. Pages ask it
/// where things are and get relative links through `Paths.link`.
public struct SiteMap: Sendable {
    public static let index = "index.html"
    public static let style = "style.css"
    public static let peopleIndex = "people/index.html"
    public static let peopleByName = "people/by-name.html"
    public static let questionsIndex = "questions/index.html"
    public static let seriesIndex = "series/index.html"
    public static let about = "about.html"
    public static let notFound = "404.html"
    public static let search = "search.html"
    public static let feed = "feed.xml"
    public static let sitemap = "sitemap.xml"
    public static let robots = "robots.txt"

    /// By session index.
    public let sessions: [String]
    /// By participant or mentioned-person key.
    public let people: [String: String]
    /// By series key.
    public let series: [String: String]
    /// By hashtag key (lower case, no `#`), for tags that do not name a series.
    public let tags: [String: String]
    /// `sessions` minus folder and `.html`: the base of question pages.
    let sessionSlugs: [String]
    /// The site's copies of files the exports hold, by their path in the content folder
    /// (`media/<hash>.<ext>`), so pages show them without loading anything from a platform.
    public let media: [String: MediaCopy]

    /// Every attachment path the archive's messages name, sorted: what the site may copy.
    public static func attachmentPaths(_ archive: Archive) -> [String] {
        var paths = Set<String>()
        for session in archive.sessions {
            for message in session.messages {
                for file in message.attachments { if let path = file.path { paths.insert(path) } }
            }
        }
        return paths.sorted()
    }

    public init(_ archive: Archive, media: [String: MediaCopy] = [:]) {
        self.media = media
        var used = Set<String>()
        /// `base`, or `base-2`, `base-3`, … when taken: deterministic because callers go in a fixed order.
        func unique(_ base: String) -> String {
            var name = base, n = 1
            while !used.insert(name).inserted {
                n += 1
                name = "\(base)-\(n)"
            }
            return name
        }
        sessionSlugs = archive.sessions.map { unique($0.pageName) }
        sessions = sessionSlugs.map { "sessions/\($0).html" }

        used = ["index", "by-name"]
        let keys = (archive.participants.map(\.key) + archive.mentionedOnly.map(\.key)).sorted()
        // A platform's people (`slack:u061a5n1g`) by the name they are shown with, in Latin letters.
        let handles = archive.handleIndex()
        func personSlug(_ key: String) -> String {
            guard key.contains(":"), let name = handles[key] else { return Slug.make(key) }
            let slug = Slug.readable(name)
            return slug.unicodeScalars.contains { ("a"..."z").contains($0) || ("0"..."9").contains($0) } ? slug : Slug.make(key)
        }
        people = Dictionary(uniqueKeysWithValues: keys.map { ($0, "people/\(unique(personSlug($0))).html") })

        used = ["index"]
        series = Dictionary(uniqueKeysWithValues: archive.series.map { ($0.key, "series/\(unique(Slug.make($0.key))).html") })

        used = []
        let seriesTags = Set(archive.series.flatMap { [$0.key] + $0.aliases })
        let tagKeys = Set(archive.sessions.flatMap { $0.messages.flatMap { $0.entities } }
            .filter { $0.kind == .hashtag }.map { $0.value.lowercased() }).subtracting(seriesTags)
        tags = Dictionary(uniqueKeysWithValues: tagKeys.sorted().map { ($0, "tags/\(unique(Slug.make($0))).html") })
    }

    public func question(session: Int, number: Int) -> String {
        "questions/\(sessionSlugs[session])-q\(number).html"
    }

    /// The Markdown recap published beside a session's page.
    public func recap(session: Int) -> String {
        "sessions/\(sessionSlugs[session]).md"
    }

    /// The pages and recaps of the series that `series:` marks `noindex`: their pages ask
    /// search engines not to index them, robots.txt disallows them, the sitemap leaves them out.
    public func unindexed(_ archive: Archive) -> Set<String> {
        let keys = Set(archive.config.series.filter(\.noindex).map(\.key))
        var paths = Set<String>()
        for series in archive.series where keys.contains(series.key) {
            if let page = self.series[series.key] { paths.insert(page) }
            for s in series.sessionIndices {
                paths.formUnion([sessions[s], recap(session: s)])
                paths.formUnion(archive.sessions[s].questions.map { question(session: s, number: $0.number) })
            }
        }
        return paths
    }

    /// `path` under the configured base URL.
    public static func absolute(_ path: String, base: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + path
    }

    /// A message's permalink: its anchor on its session's page.
    public func message(session: Int, id: String) -> String {
        "\(sessions[session])#\(id)"
    }
}
