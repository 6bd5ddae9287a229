/// A key per page for the build cache: the fingerprint of everything the page shows.
/// A page whose key is the one the last build recorded, with its file untouched since,
/// is taken from the last build instead of rendered again.
///
/// What every page shares goes into `shared`: the tool, settings, templates and about
/// page, and the whole site map — every session's path, name, date and series, every
/// question's path, every person's path and handle, every tag and series — because any
/// page may link to any of them by name. A change there renders every page again. What
/// one page shows beyond that comes from a few sessions (`Page.sources`): their
/// transcripts' fingerprints, and the page's own facts, go into its key.
struct PageKeys {
    private let shared: String
    /// Per session index: its transcript's fingerprint.
    private let sessions: [String]

    init(_ archive: Archive, map: SiteMap, setting: Fingerprint, transcripts: [(path: String, fingerprint: Fingerprint)]) {
        var shared = setting
        let handles = archive.handleIndex()
        for (s, session) in archive.sessions.enumerated() {
            shared.add("\(map.sessions[s]) \(session.hashtag) \(session.title) \(session.date) \(session.series)")
            for question in session.questions { shared.add(map.question(session: s, number: question.number)) }
        }
        for (key, path) in map.people.sorted(by: { $0.key < $1.key }) { shared.add("\(key) \(path) \(handles[key] ?? "")") }
        // Who wrote (not only was mentioned): the search index numbers people by their place
        // among the participants, and a session's search part keeps those numbers.
        shared.add("participants")
        for person in archive.participants { shared.add(person.key) }
        for (tag, path) in map.tags.sorted(by: { $0.key < $1.key }) { shared.add("\(tag) \(path)") }
        for series in archive.series { shared.add("\(series.key) \(series.name) \(series.aliases) \(map.series[series.key] ?? "")") }
        self.shared = shared.description
        let byPath = Dictionary(transcripts.map { ($0.path, $0.fingerprint.description) }) { first, _ in first }
        sessions = archive.sessions.map { byPath[$0.source.file] ?? "" }
    }

    /// Per session index: the fingerprint of what the session shares with every page
    /// and its transcript, which is all its recap, search part and export part depend on.
    var sessionKeys: [String] {
        sessions.map { transcript in
            var key = Fingerprint()
            key.add(shared)
            key.add(transcript)
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
