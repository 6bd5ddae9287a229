/// A key per page for the build cache: the fingerprint of everything the page shows.
/// A page whose key is the one the last build recorded, with its file untouched since,
/// is taken from the last build instead of rendered again.
///
/// What every page shares goes into `shared`: the tool, settings, templates and about
/// page, and the series. What a page shows beyond that comes from a few sessions
/// (`Page.sources`) and from the page's own facts. A session stands for its transcript
/// and for what its messages link to or name elsewhere: its own path, name and date,
/// its questions' paths, and the path, handle and standing of every person and tag it
/// names. So a new person or session renders only the pages that show them.
struct PageKeys {
    private let shared: String
    /// Per session index: its transcript's fingerprint and what its pages may name of the rest.
    private let sessions: [String]

    init(_ archive: Archive, map: SiteMap, setting: Fingerprint, transcripts: [(path: String, fingerprint: Fingerprint)]) {
        var shared = setting
        for series in archive.series { shared.add("\(series.key) \(series.name) \(series.aliases) \(map.series[series.key] ?? "")") }
        self.shared = shared.description
        let byPath = Dictionary(transcripts.map { ($0.path, $0.fingerprint.description) }) { first, _ in first }
        let handles = archive.handleIndex()
        let participants = Set(archive.participants.map(\.key))
        sessions = Parallel.map(Array(archive.sessions.indices)) { s in
            let session = archive.sessions[s]
            var key = Fingerprint()
            key.add(Self.sourceFingerprint(of: session.source.file, in: byPath))
            key.add("\(map.sessions[s]) \(session.hashtag) \(session.title) \(session.date) \(session.series)")
            for question in session.questions { key.add(map.question(session: s, number: question.number)) }
            let (people, tags) = Self.named(in: session)
            for person in people {
                key.add("\(person) \(map.people[person] ?? "") \(handles[person] ?? "") \(participants.contains(person))")
            }
            for tag in tags { key.add("#\(tag) \(map.tags[tag] ?? "")") }
            // The copies its attachments show: the caps and other exports decide which are made.
            for message in session.messages {
                for file in message.attachments { if let path = file.path { key.add(map.media[path]?.target ?? "-") } }
            }
            return key.description
        }
    }

    /// The fingerprint of the source a file belongs to: the file itself, or the export
    /// folder or zip that holds it (`content/x.zip` for `content/x.zip/general/a.json`).
    static func sourceFingerprint(of file: String, in byPath: [String: String]) -> String {
        var path = Substring(file)
        while true {
            if let found = byPath[String(path)] { return found }
            guard let slash = path.lastIndex(of: "/") else { return "" }
            path = path[..<slash]
        }
    }

    /// Every person (by key) and hashtag (lower case) a session's messages name, sorted:
    /// its authors, and the people mentioned or replied to (which normalize has gathered).
    static func named(in session: Session) -> (people: [String], tags: [String]) {
        let people = Set(session.authors.map(\.key)).union(session.mentioned.keys).union(session.otherNames.keys)
        var tags = Set<String>()
        for message in session.messages {
            for entity in message.entities where entity.kind == .hashtag { tags.insert(entity.value.lowercased()) }
        }
        return (people.sorted(), tags.sorted())
    }

    /// Per session index: the fingerprint of what the session shares with every page
    /// and its own key, which is all its recap, search part and export part depend on.
    var sessionKeys: [String] {
        sessions.map { session in
            var key = Fingerprint()
            key.add(shared)
            key.add(session)
            return key.description.replacingOccurrences(of: ":", with: "-")
        }
    }

    /// Nil for a page that shows the whole archive: it is always rendered.
    func key(_ page: Page) -> String? {
        guard let sources = page.sources else { return nil }
        var key = Fingerprint()
        key.add(shared)
        key.add(page.path)
        key.add(page.template)
        key.add(sources.facts)
        for s in sources.sessions { key.add(sessions[s]) }
        return key.description
    }
}
