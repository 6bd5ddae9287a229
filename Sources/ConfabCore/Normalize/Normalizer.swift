import Foundation

/// The normalize stage: raw transcripts in, the `Archive` out.
public enum Normalizer {
    public static func normalize(_ transcripts: [RawTranscript], config: SiteConfig) -> (Archive, [Diagnostic]) {
        var sessions: [Session] = []
        var diagnostics: [Diagnostic] = []
        for raw in transcripts {
            let (session, found) = session(raw)
            diagnostics += found
            if let session { sessions.append(session) }
        }
        // Oldest first; the source path breaks ties so file-system order never shows.
        sessions.sort { ($0.startInstant, $0.source.file) < ($1.startInstant, $1.source.file) }
        return (Archive(config: config, sessions: sessions, participants: participants(sessions)), diagnostics)
    }

    static func session(_ raw: RawTranscript) -> (Session?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let headerLocation = SourceLocation(file: raw.file, line: raw.header.dateLine)
        guard let date = TimeText.date(raw.header.dateText) else {
            return (nil, [.warning(headerLocation, "cannot read the date '\(raw.header.dateText)'; transcript skipped")])
        }
        guard let start = TimeText.time(raw.header.timeText) else {
            return (nil, [.warning(headerLocation, "cannot read the start time '\(raw.header.timeText)'; transcript skipped")])
        }
        var unknownZones = Set<String>()
        func checkZone(_ time: LocalTime, line: Int) {
            if TimeText.zoneOffsets[time.zone] == nil, unknownZones.insert(time.zone).inserted {
                diagnostics.append(.warning(SourceLocation(file: raw.file, line: line),
                                            "unknown time zone '\(time.zone)'; times read as UTC"))
            }
        }
        checkZone(start, line: raw.header.dateLine)

        // A message before ids are given: its place in the transcript and where it came from.
        struct Entry {
            var message: Message
            var key: String
            var quoteKeys: [String]
        }
        func entry(_ rawMessage: RawMessage) -> Entry {
            var day = date, time = start, written = false
            if let stamp = rawMessage.timestamp {
                if let (d, t) = TimeText.timestamp(stamp, sessionDate: date) {
                    (day, time, written) = (d, t, true)
                    checkZone(t, line: rawMessage.line)
                } else {
                    diagnostics.append(.warning(SourceLocation(file: raw.file, line: rawMessage.line),
                                                "cannot read the time '\(stamp)'; the session's start is used"))
                }
            }
            let message = Message(
                id: "", author: rawMessage.author, role: rawMessage.role, time: time,
                instant: TimeText.instant(day, time), timeIsWritten: written,
                text: rawMessage.text, replyTo: rawMessage.replyTo, line: rawMessage.line
            )
            return Entry(message: message, key: identity(rawMessage), quoteKeys: rawMessage.quotes.map(identity))
        }

        var entries = raw.messages.map(entry)
        // A quote of a message in the transcript links to it; a quote of a message
        // found nowhere else recovers that message, placed by its time.
        var known = Set(entries.map(\.key))
        var recovered: [Entry] = []
        for rawMessage in raw.messages {
            for quote in rawMessage.quotes where known.insert(identity(quote)).inserted {
                var lost = entry(quote)
                lost.message.knownOnlyFromQuote = true
                recovered.append(lost)
            }
        }
        for lost in recovered.sorted(by: { $0.message.instant < $1.message.instant }) {
            let place = entries.firstIndex { $0.message.instant > lost.message.instant } ?? entries.endIndex
            entries.insert(lost, at: place)
        }
        var ids: [String: String] = [:]
        for (index, item) in entries.enumerated() where ids[item.key] == nil { ids[item.key] = "m\(index + 1)" }

        var messages: [Message] = []
        var lastByAuthor: [String: String] = [:]
        var firstByText: [String: String] = [:]
        for (index, item) in entries.enumerated() {
            var message = item.message
            message.id = "m\(index + 1)"
            message.quotedIDs = item.quoteKeys.compactMap { ids[$0] }
            if let target = message.replyTo.first {
                message.inReplyToID = lastByAuthor[target.lowercased()]
            }
            if message.author == nil {
                // Without authors, a line seen before is a retweet or quote of it.
                if let first = firstByText[message.text] { message.repeatOfID = first } else { firstByText[message.text] = message.id }
            }
            if let author = message.author { lastByAuthor[author.lowercased()] = message.id }
            messages.append(message)
        }

        let series = raw.header.hashtag.map { String($0.dropFirst()) } ?? ""
        let session = Session(
            series: Slug.make(series.isEmpty ? "chat" : series), hashtag: raw.header.hashtag ?? "",
            title: raw.header.title, description: raw.header.description,
            date: date, start: start, startInstant: TimeText.instant(date, start),
            messages: messages, questions: QuestionFinder.questions(in: messages, series: series),
            authors: authorCounts(messages), source: SourceLocation(file: raw.file), format: raw.format
        )
        if messages.isEmpty {
            diagnostics.append(.warning(SourceLocation(file: raw.file), "transcript has no messages"))
        }
        return (session, diagnostics)
    }

    /// What makes two copies of a message the same message: author, time as written and text.
    static func identity(_ message: RawMessage) -> String {
        "\(message.author?.lowercased() ?? "")\u{1}\(message.timestamp ?? "")\u{1}\(message.text)"
    }

    static func authorCounts(_ messages: [Message]) -> [AuthorCount] {
        var counts: [String: Int] = [:]
        for message in messages { if let author = message.author { counts[author.lowercased(), default: 0] += 1 } }
        return counts.map { AuthorCount(key: $0.key, count: $0.value) }
            .sorted { ($1.count, $0.key) < ($0.count, $1.key) }
    }

    /// People merged case-insensitively across the archive, each shown with
    /// the spelling they use most (the first in sort order on a tie).
    static func participants(_ sessions: [Session]) -> [Participant] {
        var spellings: [String: [String: Int]] = [:]
        var sessionCounts: [String: Int] = [:]
        for session in sessions {
            for message in session.messages {
                if let author = message.author { spellings[author.lowercased(), default: [:]][author, default: 0] += 1 }
            }
            for author in session.authors { sessionCounts[author.key, default: 0] += 1 }
        }
        return spellings.map { key, counts in
            let handle = counts.min { ($1.value, $0.key) < ($0.value, $1.key) }!.key
            return Participant(key: key, handle: handle, messageCount: counts.values.reduce(0, +),
                               sessionCount: sessionCounts[key] ?? 0)
        }.sorted { $0.key < $1.key }
    }
}
