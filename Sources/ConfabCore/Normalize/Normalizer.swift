/// The sessions of one source as `Normalizer.sessions` built them: one for a transcript,
/// one a day (or as the settings cut them) for each channel of an export.
public struct BuiltSession: Equatable, Sendable {
    public var sessions: [Session]
    public var diagnostics: [Diagnostic]
    /// The `privacy:` entries that named someone or something here, by list and place (`exclude 0`).
    public var privacyUsed: Set<String> = []
}

/// The normalize stage: raw transcripts in, the `Archive` out.
public enum Normalizer {
    public static func normalize(_ transcripts: [RawTranscript], config: SiteConfig) -> (Archive, [Diagnostic]) {
        // Each transcript is a session of its own: build them on every core, in input order.
        archive(Parallel.map(transcripts) { sessions([.transcript($0)], config: config) }, config: config)
    }

    /// One transcript's session (nil when its date cannot be read), and what was wrong with it.
    public static func session(_ raw: RawTranscript, config: SiteConfig) -> BuiltSession {
        var builder = SessionBuilder(raw, config: config)
        return BuiltSession(sessions: builder.build().map { [$0] } ?? [], diagnostics: builder.diagnostics)
    }

    /// The sessions of one source's chats, transcripts and conversations alike; `source`,
    /// its path, is where the warning about private messages left out points. `privacy:`
    /// applies here, before the session cache keeps them, so it never holds what it takes out.
    public static func sessions(_ chats: [RawChat], config: SiteConfig, source: String? = nil) -> BuiltSession {
        var built = BuiltSession(sessions: [], diagnostics: [])
        var privateMessages = PrivateMessages()
        for chat in chats {
            switch chat {
            case .transcript(let raw):
                let one = session(raw, config: config)
                built.sessions += one.sessions
                built.diagnostics += one.diagnostics
            case .conversation(let raw):
                guard let raw = privateMessages.published(raw, config: config) else { continue }
                var builder = ConversationBuilder(raw, config: config)
                built.sessions += builder.build()
                built.diagnostics += builder.diagnostics
            }
        }
        if let warning = privateMessages.warning(source: source) { built.diagnostics.append(warning) }
        let privacy = PrivacyRules(config)
        for index in built.sessions.indices {
            let (kept, used) = privacy.apply(built.sessions[index])
            built.sessions[index] = kept
            built.privacyUsed.formUnion(used)
        }
        return built
    }

    /// The archive of the sessions built (in input order) and their diagnostics.
    public static func archive(_ built: [BuiltSession], config: SiteConfig) -> (Archive, [Diagnostic]) {
        var (sessions, overlaps) = withoutOverlaps(apart(built.flatMap(\.sessions)))
        let joinedPages = SessionJoin.pagesOfSeveralFiles(sessions)
        sessions = SessionJoin.joined(sessions)
        let merge = PeopleMerge(config.people)
        if !merge.isEmpty { sessions = sessions.map(merge.apply) }
        let diagnostics = built.flatMap(\.diagnostics) + overlaps + unused(config.privacy, used: built.reduce(into: Set()) { $0.formUnion($1.privacyUsed) })
            + ambiguous(config.privacy, joinedPages: joinedPages)
        // Oldest first; the source path breaks ties so file-system order never shows.
        sessions.sort { ($0.startInstant, $0.source.file, $0.series) < ($1.startInstant, $1.source.file, $1.series) }
        let participants = participants(sessions)
        let archive = Archive(
            config: config, sessions: sessions, series: series(sessions, config: config),
            participants: participants, mentionedOnly: mentionedOnly(sessions, authors: Set(participants.map(\.key)))
        )
        return (archive, diagnostics)
    }

    /// A `privacy:` entry that names nobody and nothing is most likely a typo, which would
    /// publish what its author meant to keep out.
    static func unused(_ privacy: PrivacySettings, used: Set<String>) -> [Diagnostic] {
        let location = SourceLocation(file: "content/site.yaml")
        let people = [("exclude", privacy.exclude), ("pseudonym", privacy.pseudonym), ("public", privacy.anonymizeAll ? privacy.publicPeople : [])]
        return people.flatMap { key, references in
            references.indices.filter { !used.contains(PrivacyRules.use(key, $0)) }
                .map { Diagnostic.warning(location, "privacy: \(key) '\(references[$0].written)' names nobody in the archive") }
        } + privacy.remove.indices.filter { !used.contains(PrivacyRules.use("remove", $0)) }
            .map { .warning(location, "privacy: remove '\(privacy.remove[$0].written)' names no message in the archive") }
    }

    /// A message named by its anchor on a day read from several files: each file's part
    /// was read with its own numbers, so the anchor may name another message there.
    static func ambiguous(_ privacy: PrivacySettings, joinedPages: Set<String>) -> [Diagnostic] {
        privacy.remove.compactMap { reference in
            guard case .anchor(let page, _) = reference.kind, joinedPages.contains(page) else { return nil }
            return .warning(SourceLocation(file: "content/site.yaml"),
                            "privacy: remove '\(reference.written)' names a message of a day read from several files; name it by file and line (content/<log>:<line>) instead")
        }
    }

    /// Channels of one name (two Telegram groups with one title) are series of their own: the
    /// series of each but the first (by id) gets its id after the name, and so do the links
    /// between its sessions.
    static func apart(_ sessions: [Session]) -> [Session] {
        var ids: [String: Set<String>] = [:]
        for session in sessions { if let id = session.channel?.id { ids[session.series, default: []].insert(id) } }
        let renamed = ids.filter { $0.value.count > 1 }
        guard !renamed.isEmpty else { return sessions }
        return sessions.map { session in
            guard let id = session.channel?.id, let all = renamed[session.series], id != all.min() else { return session }
            var session = session
            let old = session.series, new = "\(old)-\(Slug.make(id))"
            session.series = new
            session.moveLinks { link in
                var link = link
                if link.series == old { link.series = new }
                return link
            }
            return session
        }
    }

    /// A channel's day exported twice (monthly exports whose ranges overlap) is published
    /// once: of two sessions of one series and date from different files that share
    /// messages (by the platform's ids), the one with more messages is kept, with a warning.
    static func withoutOverlaps(_ sessions: [Session]) -> (sessions: [Session], diagnostics: [Diagnostic]) {
        var bySeriesAndDate: [String: [Int]] = [:]
        for (index, session) in sessions.enumerated() where session.channel != nil {
            bySeriesAndDate["\(session.series) \(session.date)", default: []].append(index)
        }
        var dropped = Set<Int>(), diagnostics: [Diagnostic] = []
        for key in bySeriesAndDate.keys.sorted() {
            let indices = bySeriesAndDate[key]!.sorted { (sessions[$1].messages.count, sessions[$0].source.file) < (sessions[$0].messages.count, sessions[$1].source.file) }
            guard indices.count > 1 else { continue }
            var kept: [(index: Int, ids: Set<String>)] = []
            for index in indices {
                let ids = Set(sessions[index].messages.compactMap(\.nativeID))
                if let keeper = kept.first(where: { !$0.ids.isDisjoint(with: ids) && sessions[$0.index].source.file != sessions[index].source.file }) {
                    dropped.insert(index)
                    let session = sessions[index]
                    diagnostics.append(.warning(session.source, "\(session.title) of \(session.date.longText) is also in \(sessions[keeper.index].source.file); the copy with more messages is kept"))
                } else {
                    kept.append((index, ids))
                }
            }
        }
        return (sessions.indices.filter { !dropped.contains($0) }.map { sessions[$0] }, diagnostics)
    }

    /// People merged case-insensitively across the archive, each shown with
    /// the spelling they use most (the first in sort order on a tie).
    static func participants(_ sessions: [Session]) -> [Participant] {
        var spellings: [String: [String: Int]] = [:]
        var sessionCounts: [String: Int] = [:]
        var roles: [String: Set<String>] = [:]
        for session in sessions {
            for message in session.messages {
                if let author = message.author, let key = message.authorKey { spellings[key, default: [:]][author, default: 0] += 1 }
            }
            for author in session.authors { sessionCounts[author.key, default: 0] += 1 }
            for (key, held) in session.roles { roles[key, default: []].formUnion(held) }
        }
        return spellings.map { key, counts in
            Participant(key: key, handle: mostFrequent(counts), messageCount: counts.values.reduce(0, +),
                        sessionCount: sessionCounts[key] ?? 0, roles: (roles[key] ?? []).sorted())
        }.sorted { $0.key < $1.key }
    }

    static func mentionedOnly(_ sessions: [Session], authors: Set<String>) -> [MentionedPerson] {
        var spellings: [String: [String: Int]] = [:]
        for session in sessions {
            for (key, handle) in session.mentioned where !authors.contains(key) {
                spellings[key, default: [:]][handle, default: 0] += 1
            }
        }
        return spellings.map { key, counts in
            MentionedPerson(key: key, handle: mostFrequent(counts), sessionCount: counts.values.reduce(0, +))
        }.sorted { $0.key < $1.key }
    }

    /// Sessions grouped by series key; a series is named by the configuration, or by
    /// the spelling of its own tag that its sessions' titles use most.
    static func series(_ sessions: [Session], config: SiteConfig) -> [Series] {
        var indices: [String: [Int]] = [:]
        var spellings: [String: [String: Int]] = [:]
        var tags: [String: Set<String>] = [:]
        for (index, session) in sessions.enumerated() {
            indices[session.series, default: []].append(index)
            // A channel's sessions are named by the channel, and its name is no hashtag.
            if session.channel != nil {
                spellings[session.series, default: [:]][session.title, default: 0] += 1
                continue
            }
            let tag = String(session.hashtag.drop { $0 == "#" })
            if tag.lowercased() == session.series { spellings[session.series, default: [:]][session.hashtag, default: 0] += 1 }
            if !tag.isEmpty, tag.lowercased() != session.series { tags[session.series, default: []].insert(tag.lowercased()) }
        }
        return indices.keys.sorted().map { key in
            let configured = config.series.first { $0.key == key }
            let name = configured?.name ?? spellings[key].map(mostFrequent) ?? "#\(key)"
            let aliases = Set(configured?.aliases ?? []).union(tags[key] ?? [])
            return Series(key: key, name: name, aliases: aliases.sorted(), sessionIndices: indices[key]!)
        }
    }

    /// The most frequent value; the first in sort order on a tie, so the result never depends on hashing.
    static func mostFrequent(_ counts: [String: Int]) -> String {
        counts.min { ($1.value, $0.key) < ($0.value, $1.key) }!.key
    }
}
