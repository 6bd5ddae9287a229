import Foundation

/// One transcript to one `Session`: times, reposts, quotes, replies, labels,
/// entities and questions. Problems become diagnostics; only a transcript whose
/// date cannot be read is left out.
struct SessionBuilder {
    let raw: RawTranscript
    let config: SiteConfig
    private(set) var diagnostics: [Diagnostic] = []

    init(_ raw: RawTranscript, config: SiteConfig) {
        self.raw = raw
        self.config = config
    }

    /// What makes two copies of a message the same message: author, time and text.
    struct MessageKey: Hashable {
        var author: String
        /// Nil when absent.
        var time: Time?
        /// The text with runs of whitespace made single spaces.
        let text: String
        /// `text`'s hash, computed once: keys go through several dictionaries, and a
        /// string hashes through its Unicode normal form.
        private let textHash: Int

        init(author: String, time: Time?, text: String) {
            self.author = author
            self.time = time
            self.text = text
            textHash = text.hashValue
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(author)
            hasher.combine(time)
            hasher.combine(textHash)
        }

        static func == (a: MessageKey, b: MessageKey) -> Bool {
            a.textHash == b.textHash && (a.author, a.time, a.text) == (b.author, b.time, b.text)
        }

        enum Time: Hashable {
            /// Day and minutes without the zone, so a copy without its zone still matches.
            case read(LocalDate, minutes: Int)
            /// A time that cannot be read, as written.
            case unread(String)
        }
    }

    /// A message before it has an id: what it is, and what it quotes.
    private struct Entry {
        var message: Message
        /// The local date of `message.time`.
        var day: LocalDate
        var key: MessageKey
        var quotes: [RawMessage]
        var quoteKeys: [MessageKey] = []
        /// For a recovered quote without a time: the entry that quoted it, which it goes just before.
        var quotedBy: Int?
    }

    mutating func build() -> Session? {
        let header = raw.header
        guard let date = TimeText.date(header.dateText) else {
            warn(header.dateLine, "cannot read the date '\(header.dateText)'; transcript skipped")
            return nil
        }
        guard let start = startTime(date: date) else { return nil }
        let sessionStart = TimeText.instant(date, start)
        var unknownZones = Set<String>()
        if TimeText.zoneOffsets[start.zone] == nil {
            unknownZones.insert(start.zone)
            warn(header.dateLine, "unknown time zone '\(start.zone)'; times read as UTC")
        }

        var times = TimeReader(date: date, zone: start.zone)

        // Top-level messages; a message posted again word for word is a repost of the first.
        var entries: [Entry] = []
        var indexByKey: [MessageKey: Int] = [:]
        var previousTime: (LocalDate, LocalTime)?
        for rawMessage in raw.messages {
            let time = times.read(rawMessage)
            let key = Self.key(rawMessage, time: time)
            if let first = indexByKey[key] {
                entries[first].message.repostLines.append(rawMessage.line)
                continue
            }
            let entry = makeEntry(rawMessage, time: time, key: key, date: date, start: start,
                                  fallback: previousTime, unknownZones: &unknownZones)
            indexByKey[key] = entries.count
            entries.append(entry)
            previousTime = (entry.day, entry.message.time)
        }

        // A quote of a message in the transcript links to it (a quote that lost its time
        // matches on author and text); a quote of a message found nowhere else recovers it.
        var byAuthorAndText: [MessageKey: MessageKey] = [:]
        for entry in entries.reversed() {
            var withoutTime = entry.key
            withoutTime.time = nil
            byAuthorAndText[withoutTime] = entry.key
        }
        var known = Set(entries.map(\.key))
        var recovered: [Entry] = []
        for index in entries.indices {
            let quoting = entries[index]
            for quote in quoting.quotes {
                let time = times.read(quote)
                var key = Self.key(quote, time: time)
                if key.time == nil, let match = byAuthorAndText[key] { key = match }
                entries[index].quoteKeys.append(key)
                guard known.insert(key).inserted else { continue }
                var lost = makeEntry(quote, time: time, key: key, date: date, start: start,
                                     fallback: (quoting.day, quoting.message.time), unknownZones: &unknownZones)
                lost.quotes = []
                lost.message.knownOnlyFromQuote = true
                if !lost.message.timeIsWritten {
                    lost.message.instant = quoting.message.instant
                    lost.quotedBy = index
                }
                recovered.append(lost)
            }
        }
        entries = Self.merge(entries, recovered)

        // Ids in final order, then the links between messages.
        var ids: [MessageKey: String] = [:]
        for (index, entry) in entries.enumerated() { ids[entry.key] = "m\(index + 1)" }
        var messages: [Message] = []
        var lastByAuthor: [String: String] = [:]
        for (index, entry) in entries.enumerated() {
            var message = entry.message
            message.id = "m\(index + 1)"
            message.quotedIDs = entry.quoteKeys.compactMap { ids[$0] }
            // The first person named who wrote earlier is the one answered.
            message.inReplyToID = message.replyTo.lazy.compactMap { lastByAuthor[$0.lowercased()] }.first
            if let key = message.authorKey { lastByAuthor[key] = message.id }
            messages.append(message)
        }
        if messages.isEmpty { warn(nil, "transcript has no messages") }

        let tag = header.hashtag.map { String($0.drop { $0 == "#" }) } ?? ""
        let series = tag.isEmpty ? "chat" : config.seriesKey(forTag: tag)
        let seriesTags = Set([series, tag.lowercased()] + (config.series.first { $0.key == series }?.aliases ?? []))
        return Session(
            series: series, hashtag: header.hashtag ?? "",
            title: TextRepair.repairMojibake(header.title),
            description: TextRepair.repairMojibake(header.description),
            date: date, start: start, startInstant: sessionStart,
            messages: messages, questions: QuestionFinder.questions(in: messages, seriesTags: seriesTags),
            authors: Self.authorCounts(messages), roles: Self.roles(messages), mentioned: Self.mentioned(messages),
            source: SourceLocation(file: raw.file), format: raw.format
        )
    }

    /// The session's start. Without a zone it is read as UTC; when it cannot be read at
    /// all, the first message's time stands in. Both with a warning.
    private mutating func startTime(date: LocalDate) -> LocalTime? {
        let header = raw.header
        if let start = TimeText.time(header.timeText) { return start }
        if let start = TimeText.time(header.timeText, defaultZone: "UTC") {
            warn(header.dateLine, "start time '\(header.timeText)' has no time zone; read as UTC")
            return start
        }
        let first = raw.messages.lazy.compactMap { $0.timestamp }
            .compactMap { TimeText.timestamp($0, sessionDate: date, sessionZone: "UTC")?.1 }.first
        if let first {
            warn(header.dateLine, "cannot read the start time '\(header.timeText)'; the first message's time is used")
            return first
        }
        warn(header.dateLine, "cannot read the start time '\(header.timeText)'; transcript skipped")
        return nil
    }

    /// Recovered messages into the transcript: a timed one before the first later message,
    /// a time-less one just before the message that quoted it. One pass, so long threads stay linear.
    private static func merge(_ entries: [Entry], _ recovered: [Entry]) -> [Entry] {
        guard !recovered.isEmpty else { return entries }
        let timed = recovered.filter { $0.quotedBy == nil }.sorted { $0.message.instant < $1.message.instant }
        var untimed: [Int: [Entry]] = [:]
        for entry in recovered where entry.quotedBy != nil { untimed[entry.quotedBy!, default: []].append(entry) }
        var merged: [Entry] = []
        merged.reserveCapacity(entries.count + recovered.count)
        var next = 0
        for (index, entry) in entries.enumerated() {
            while next < timed.count, timed[next].message.instant < entry.message.instant {
                merged.append(timed[next])
                next += 1
            }
            merged += untimed[index] ?? []
            merged.append(entry)
        }
        merged += timed[next...]
        return merged
    }

    /// `read`: the message's timestamp as `TimeReader` read it.
    private mutating func makeEntry(_ rawMessage: RawMessage, time read: (LocalDate, LocalTime)?, key: MessageKey,
                                    date: LocalDate, start: LocalTime,
                                    fallback: (LocalDate, LocalTime)?, unknownZones: inout Set<String>) -> Entry {
        var (day, time) = fallback ?? (date, start)
        var written = false
        if let stamp = rawMessage.timestamp {
            if let (d, t) = read {
                (day, time, written) = (d, t, true)
                if Self.wordCount(stamp) == 5 {
                    warn(rawMessage.line, "time '\(stamp)' has no time zone; the session's zone \(start.zone) is used")
                } else if TimeText.zoneOffsets[t.zone] == nil, unknownZones.insert(t.zone).inserted {
                    warn(rawMessage.line, "unknown time zone '\(t.zone)'; times read as UTC")
                }
            } else {
                warn(rawMessage.line, "cannot read the time '\(stamp)'; the previous message's time is used")
            }
        }
        let text = TextRepair.repairMojibake(rawMessage.text)
        let (entities, unlinkedInText) = TextEntities.extractCounting(text)
        // `In reply to` names are mentions too, and each gets a page: the same limit.
        let replyTo = Array(rawMessage.replyTo.prefix(TextEntities.linkedPerKind))
        let unlinked = unlinkedInText + rawMessage.replyTo.count - replyTo.count
        if unlinked > 0 {
            warn(rawMessage.line, "\(Wording.plural(unlinked, "hashtag or mention", "hashtags and mentions")) beyond the first \(TextEntities.linkedPerKind) of each left as plain text")
        }
        let message = Message(
            id: "", author: rawMessage.author, role: rawMessage.role, time: time,
            instant: TimeText.instant(day, time), timeIsWritten: written,
            text: text, label: QuestionFinder.label(text), entities: entities,
            replyTo: replyTo, line: rawMessage.line
        )
        return Entry(message: message, day: day, key: key, quotes: rawMessage.quotes)
    }

    /// Words between spaces, as `split(separator: " ").count` counts them, without making them.
    static func wordCount(_ text: String) -> Int {
        // A space may carry a combining mark, and then it is no space: characters decide.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: " ").count }
        var count = 0, inWord = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") { inWord = false } else if !inWord { inWord = true; count += 1 }
        }
        return count
    }

    private mutating func warn(_ line: Int?, _ message: String) {
        diagnostics.append(.warning(SourceLocation(file: raw.file, line: line), message))
    }

    /// Messages' timestamps, each read once, for a message's key and its entry; messages
    /// of the same minute share one.
    struct TimeReader {
        let date: LocalDate
        let zone: String
        private var known: [String: (LocalDate, LocalTime)?] = [:]

        init(date: LocalDate, zone: String) {
            self.date = date
            self.zone = zone
        }

        /// Nil when the message has no timestamp or it cannot be read.
        mutating func read(_ message: RawMessage) -> (LocalDate, LocalTime)? {
            guard let stamp = message.timestamp else { return nil }
            // Strings equal as text may differ in bytes (`é` or `e` and a combining accent), and
            // the zone is kept as written: only ASCII stamps, equal only byte for byte, are shared.
            guard stamp.utf8.allSatisfy({ $0 < 0x80 }) else {
                return TimeText.timestamp(stamp, sessionDate: date, sessionZone: zone)
            }
            if let time = known[stamp] { return time }
            let time = TimeText.timestamp(stamp, sessionDate: date, sessionZone: zone)
            known[stamp] = .some(time)
            return time
        }
    }

    /// `time`: the message's timestamp as `TimeReader` read it.
    static func key(_ message: RawMessage, time: (LocalDate, LocalTime)?) -> MessageKey {
        let keyTime = message.timestamp.map { stamp in
            time.map { MessageKey.Time.read($0.0, minutes: $0.1.minutes) } ?? .unread(stamp)
        }
        return MessageKey(author: message.author?.lowercased() ?? "", time: keyTime, text: collapsingWhitespace(message.text))
    }

    /// Runs of whitespace made single spaces, none at the ends: what
    /// `split(whereSeparator: \.isWhitespace).joined(separator: " ")` gives, without
    /// a Unicode property look-up per character.
    static func collapsingWhitespace(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, one scalar per character but `\r\n` (both whitespace): tab to carriage return, and space.
            var spaceDue = false
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    spaceDue = !bytes.isEmpty
                    continue
                }
                if spaceDue { bytes.append(0x20) }
                spaceDue = false
                bytes.append(byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        // A character is whitespace when its first scalar is (a space carrying a combining mark is).
        return text.split { character in
            let first = character.unicodeScalars.first!
            return first.isASCII ? first == " " || (0x09...0x0D).contains(first.value) : first.properties.isWhitespace
        }.joined(separator: " ")
    }

    static func authorCounts(_ messages: [Message]) -> [AuthorCount] {
        var counts: [String: Int] = [:]
        for message in messages { if let key = message.authorKey { counts[key, default: 0] += 1 } }
        return counts.map { AuthorCount(key: $0.key, count: $0.value) }
            .sorted { ($1.count, $0.key) < ($0.count, $1.key) }
    }

    static func roles(_ messages: [Message]) -> [String: [String]] {
        var roles: [String: Set<String>] = [:]
        for message in messages {
            if let key = message.authorKey, let role = message.role { roles[key, default: []].insert(role) }
        }
        return roles.mapValues { $0.sorted() }
    }

    /// Everyone named by `@handle` or `In reply to`, by key, with the first spelling seen.
    static func mentioned(_ messages: [Message]) -> [String: String] {
        var mentioned: [String: String] = [:]
        for message in messages {
            let handles = message.entities.filter { $0.kind == .mention }.map(\.value) + message.replyTo
            for handle in handles where mentioned[handle.lowercased()] == nil { mentioned[handle.lowercased()] = handle }
        }
        return mentioned
    }
}
