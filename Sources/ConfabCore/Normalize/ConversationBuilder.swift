import Foundation

/// One channel's history to sessions: cut by day in the site's time zone (or as
/// `sessions:` says), people as platform identities, replies and threads linked by the
/// platform's ids, marked-up mentions and links as entities, system events kept apart.
/// A thread stays whole in the session of its first message.
struct ConversationBuilder {
    let raw: RawConversation
    let config: SiteConfig
    let zone: TimeZone
    /// Each person's name by key: the export's user list, else the name on their latest message.
    let names: [String: String]
    /// `slack-core-dev-help`: decided once, as it is asked for every message.
    let seriesKey: String
    /// How this channel is cut into sessions, decided once.
    let split: SessionSplit
    private(set) var diagnostics: [Diagnostic] = []

    init(_ raw: RawConversation, config: SiteConfig) {
        self.raw = raw
        self.config = config
        seriesKey = Self.seriesKey(raw.channel)
        // A meeting's chat, and a log with no date at all, are one session each, their messages in order.
        split = raw.isMeeting || raw.note?.dates == DateSource.none
            ? .gap(Int(Int32.max)) : config.sessionSplit(series: seriesKey, channel: raw.channel.name)
        zone = TimeZone(identifier: config.timeZone) ?? TimeZone(identifier: "UTC")!
        var names: [String: String] = [:]
        for event in raw.events {
            if case .id(let id) = event.author, let name = event.authorName, !name.isEmpty {
                names[PersonID(platform: raw.channel.platform, native: id).key] = name
            }
        }
        for (id, user) in raw.users {
            if let name = user.shownName { names[PersonID(platform: raw.channel.platform, native: id).key] = name }
        }
        self.names = names
    }

    /// The sessions, oldest first.
    mutating func build() -> [Session] {
        // Only instants of years 1 to 9999 (a hostile `ts` of 1e300 is no date); time order,
        // the export's order breaking ties.
        let valid = raw.events.filter { Self.instants.contains($0.time.timeIntervalSince1970) }
        if valid.count < raw.events.count {
            diagnostics.append(.warning(raw.source, "\(Wording.plural(raw.events.count - valid.count, "message")) with a time outside the years 1 to 9999; skipped"))
        }
        let events = valid.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        guard !events.isEmpty else {
            diagnostics.append(.warning(raw.source, "\(raw.channel.prefix)\(raw.channel.name): no messages; skipped"))
            return []
        }
        let (groups, writtenIn) = group(events)
        // Where every message is (session and id), and when each session starts: replies
        // and threads that cross days link by them.
        var place: [String: (group: Int, id: String)] = [:]
        var starts: [Date] = []
        for (g, indices) in groups.enumerated() {
            var count = 0
            for index in indices where events[index].kind != .system {
                count += 1
                if let native = events[index].id, place[native] == nil { place[native] = (g, "m\(count)") }
            }
            starts.append(events[indices.first { events[$0].kind != .system } ?? indices[0]].time)
        }
        // A reply in a thread is shown with the thread, on the day it started; the day it was
        // written says so, with a link.
        var notes = Array(repeating: [SystemEvent](), count: groups.count)
        for (index, written) in writtenIn.sorted(by: { $0.key < $1.key }) {
            let event = events[index]
            guard let native = event.id, let (g, id) = place[native] else { continue }
            let (date, _) = local(starts[g])
            notes[written].append(SystemEvent(
                time: local(event.time).1, instant: event.time, personKey: event.author.map(person)?.key,
                text: "\(authorName(event)) replied in a thread of \(date.longText)", beforeID: nil,
                link: MessageLink(series: seriesKey, sessionStart: starts[g], id: id)))
        }
        let unnamed = Set(events.flatMap { $0.reactions.flatMap(\.users) }.filter { names[PersonID(platform: raw.channel.platform, native: $0).key] == nil })
        if !unnamed.isEmpty {
            diagnostics.append(.warning(raw.source, "\(Wording.plural(unnamed.count, "person", "people")) who reacted (such as \(unnamed.sorted()[0])) named nowhere in the export; shown as \"\(Wording.unknownPerson)\""))
        }
        // Each session on any core; `place` and `starts` say where the others' messages are.
        let builder = self, placed = place, sessionStarts = starts, notesByGroup = notes
        let built = Parallel.map(Array(groups.enumerated())) { g, indices in
            builder.session(indices.map { events[$0] }, group: g, place: placed, starts: sessionStarts, notes: notesByGroup[g])
        }
        let sessions = built.map(\.session)
        let unknownTargets = built.reduce(0) { $0 + $1.unknownTargets }
        if unknownTargets > 0 {
            diagnostics.append(.warning(raw.source, "\(Wording.plural(unknownTargets, "reply", "replies")) to messages not in the export; shown without the message they answer"))
        }
        return Self.foldingEventsOnly(sessions)
    }

    /// A day of channel events alone (a channel created the evening before its first post)
    /// is no session: its events open the next session, or close the one before.
    static func foldingEventsOnly(_ sessions: [Session]) -> [Session] {
        var result: [Session] = [], waiting: [SystemEvent] = []
        for var session in sessions {
            guard !session.messages.isEmpty else {
                waiting += session.events.map { var event = $0; event.beforeID = nil; return event }
                continue
            }
            if !waiting.isEmpty {
                let first = session.messages[0].id
                session.events = waiting.map { var event = $0; event.beforeID = first; return event } + session.events
                waiting = []
            }
            result.append(session)
        }
        if !waiting.isEmpty, !result.isEmpty { result[result.count - 1].events += waiting }
        return result
    }

    static let instants = -62_135_596_800.0...253_402_300_799.0
    static let largestCount = 1_000_000_000
    static let largestSize = 1 << 50

    /// Event indices per session, and for a reply moved to its thread's session, the
    /// session of the day it was written (when there is one and it is another). A reply in
    /// a thread joins the session of the thread's first message when the export holds it.
    private func group(_ events: [RawEvent]) -> (groups: [[Int]], writtenIn: [Int: Int]) {
        var groupOfNative: [String: Int] = [:]
        var groups: [[Int]] = []
        var groupOfPeriod: [Int: Int] = [:]
        var moved: [(index: Int, period: Int)] = []
        var lastTime: Date?, gapGroup = -1
        for (index, event) in events.enumerated() {
            if let thread = event.threadID, thread != event.id, let group = groupOfNative[thread] {
                groups[group].append(index)
                if let id = event.id { groupOfNative[id] = group }
                moved.append((index, periodNumber(event.time)))
                continue
            }
            let group: Int
            if case .gap(let seconds) = split {
                if gapGroup < 0 || lastTime.map({ event.time.timeIntervalSince($0) >= Double(seconds) }) == true {
                    groups.append([])
                    gapGroup = groups.count - 1
                }
                lastTime = event.time
                group = gapGroup
            } else {
                let period = periodNumber(event.time)
                if let known = groupOfPeriod[period] {
                    group = known
                } else {
                    groups.append([])
                    group = groups.count - 1
                    groupOfPeriod[period] = group
                }
            }
            groups[group].append(index)
            if let id = event.id { groupOfNative[id] = group }
        }
        var writtenIn: [Int: Int] = [:]
        if case .gap = split { return (groups, writtenIn) }
        for (index, period) in moved {
            guard let written = groupOfPeriod[period], !groups[written].contains(index) else { continue }
            writtenIn[index] = written
        }
        return (groups, writtenIn)
    }

    /// The day, week (from Monday) or month an instant falls in, as a number.
    private func periodNumber(_ time: Date) -> Int {
        let (date, _) = local(time)
        let days = TimeText.daysSinceEpoch(date)
        switch split {
        case .week: return days - (TimeText.weekday(date) + 6) % 7
        case .month: return date.year * 12 + date.month
        case .day, .gap: return days
        }
    }

    /// An instant's date and time in the site's zone; the zone is written as its offset.
    func local(_ time: Date) -> (LocalDate, LocalTime) {
        let offset = zone.secondsFromGMT(for: time) / 60
        let seconds = Int(time.timeIntervalSince1970.rounded(.down)) + offset * 60
        let days = TimeText.days(seconds: seconds)
        let date = TimeText.date(daysSinceEpoch: days)
        return (date, LocalTime(minutes: (seconds - days * 86400) / 60, zone: TimeText.zoneLabel(offsetMinutes: offset)))
    }

    /// `notes`: replies written in this session's time but shown with their thread elsewhere.
    /// One session, and how many of its replies name a message not in the export.
    private func session(_ events: [RawEvent], group: Int, place: [String: (group: Int, id: String)], starts: [Date],
                         notes: [SystemEvent]) -> (session: Session, unknownTargets: Int) {
        var unknownTargets = 0
        let platform = raw.channel.platform
        var messages: [Message] = [], systemEvents: [SystemEvent] = []
        var pendingEvents: [Int] = []
        var mentioned: [String: String] = [:]
        var notes = notes[...]
        var seenHere = Set<String>()
        for event in events {
            defer { if let id = event.id { seenHere.insert(id) } }
            // Notes of replies shown elsewhere go among the events, in time order.
            while let note = notes.first, note.instant <= event.time {
                systemEvents.append(note)
                pendingEvents.append(systemEvents.count - 1)
                notes = notes.dropFirst()
            }
            let (_, time) = local(event.time)
            let author = event.author.map(person)
            if event.kind == .system {
                systemEvents.append(SystemEvent(time: time, instant: event.time, personKey: author?.key, text: event.text, beforeID: nil))
                pendingEvents.append(systemEvents.count - 1)
                continue
            }
            let id = "m\(messages.count + 1)"
            // A reply links to its target here, or in the session that holds it.
            var replyID: String?, replyLink: MessageLink?
            if let target = event.replyTo {
                if let (g, id) = place[target] {
                    if g == group { replyID = id } else { replyLink = MessageLink(series: seriesKey, sessionStart: starts[g], id: id) }
                } else {
                    unknownTargets += 1
                }
            }
            var threadRoot: String?
            if let thread = event.threadID, thread != event.id {
                // The root must come first: hostile ids that make two messages each other's root hide neither.
                if let (g, id) = place[thread], g == group {
                    if seenHere.contains(thread) { threadRoot = id }
                } else if event.replyTo == nil {
                    unknownTargets += 1
                }
            }
            // Events are shown before the next message of the channel itself, not inside a thread.
            if threadRoot == nil {
                for index in pendingEvents { systemEvents[index].beforeID = id }
                pendingEvents = []
            }
            let styles = styles(event)
            let entities = entities(event, styles: styles)
            for entity in entities where entity.kind == .mention { mentioned[entity.value] = mentioned[entity.value] ?? userName(entity.value) }
            let isBot = event.isBot || event.author.flatMap { if case .id(let id) = $0 { raw.users[id]?.isBot } else { nil } } == true
            messages.append(Message(
                id: id, author: author.map { _ in authorName(event) }, role: isBot ? "Bot" : nil,
                time: time, instant: event.time, timeIsWritten: true, text: event.text,
                label: event.kind == .message ? QuestionFinder.label(event.text) : nil, entities: entities,
                styles: styles, inReplyToID: replyID, line: event.location.line ?? 0,
                authorID: author, nativeID: event.id, threadRootID: threadRoot, isAction: event.kind == .action,
                reactions: event.reactions.map { reaction in
                    // Counts and sizes from an export are clamped: arithmetic on them must never trap.
                    Reaction(emoji: reaction.emoji, count: min(max(reaction.count, reaction.users.count, 0), Self.largestCount),
                             people: reaction.users.map { PersonID(platform: platform, native: $0).key })
                },
                attachments: event.attachments.map { var file = $0; file.size = file.size.map { min(max($0, 0), Self.largestSize) }; return file },
                isEdited: event.isEdited, isPinned: event.isPinned, isBot: isBot, forwardedFrom: event.forwardedFrom,
                replyLink: replyLink
            ))
        }
        systemEvents += notes
        // A mention of someone who also wrote is not a "mentioned only" entry, but the
        // session's list of names is what the people pages' mentions are built from.
        var threads: [String: [String]] = [:], roots: [String] = []
        for message in messages {
            guard let root = message.threadRootID else { continue }
            if threads[root] == nil { roots.append(root) }
            threads[root, default: []].append(message.id)
        }
        let chatThreads = roots.sorted { Int($0.dropFirst())! < Int($1.dropFirst())! }.map { ChatThread(rootID: $0, replyIDs: threads[$0]!) }
        let first = messages.first.map { ($0.instant, $0.time) } ?? (events[0].time, local(events[0].time).1)
        let (date, _) = local(first.0)
        let channel = raw.channel
        let name = channel.prefix + channel.name
        let session = Session(
            series: seriesKey, hashtag: name,
            title: channel.workspace.map { "\(name) · \($0)" } ?? name,
            description: channel.topic ?? "",
            date: date, start: first.1, startInstant: first.0,
            // A hashtag chat held in a channel keeps its `Q1:`/`A1:` questions; otherwise threads are.
            messages: messages,
            questions: messages.contains { $0.label?.kind == .question }
                ? QuestionFinder.questions(in: messages, seriesTags: [])
                : ThreadQuestions.questions(messages, threads: chatThreads, helpChannel: isHelpChannel),
            authors: SessionBuilder.authorCounts(messages), roles: SessionBuilder.roles(messages), mentioned: mentioned,
            source: SourceLocation(file: events[0].location.file), format: raw.format,
            channel: Channel(platform: channel.platform, workspace: channel.workspace, name: channel.name, topic: channel.topic, id: channel.id),
            threads: chatThreads, events: systemEvents,
            otherNames: Dictionary(messages.flatMap { $0.reactions.flatMap(\.people) }.map { ($0, userName($0)) }) { first, _ in first },
            reading: raw.note?.description, isMeeting: raw.isMeeting
        )
        return (session, unknownTargets)
    }

    /// The settings' `help_channels` name this channel (by name, with or without `#`, or by series).
    var isHelpChannel: Bool {
        let name = raw.channel.name.lowercased()
        return config.helpChannels.contains { wanted in
            let wanted = wanted.lowercased()
            return wanted == seriesKey || wanted == name || wanted == raw.channel.prefix + name || wanted == "#" + name
        }
    }

    /// `slack-core-dev-help`, `discord-meshcore-general`: the series of the channel's sessions.
    /// Names in other scripts are transliterated; a name that gives no letters at all is
    /// replaced by the channel's id.
    static func seriesKey(_ channel: RawChannel) -> String {
        var name = Slug.readable(channel.name)
        if !name.unicodeScalars.contains(where: { ("a"..."z").contains($0) || ("0"..."9").contains($0) }), let id = channel.id {
            name = Slug.make(id)
        }
        return ([Slug.make(channel.platform)] + [channel.workspace.map(Slug.readable), name].compactMap { $0 }).joined(separator: "-")
    }

    func person(_ author: RawAuthor) -> PersonID {
        switch author {
        case .id(let id): PersonID(platform: raw.channel.platform, native: id)
        case .name(let name): PersonID(platform: raw.channel.platform, native: name.lowercased())
        }
    }

    /// The name shown on the message itself, else the export's user list, else "unknown user":
    /// a platform's id is for links and keys, never for the text of a page.
    func authorName(_ event: RawEvent) -> String {
        if let name = event.authorName, !name.isEmpty { return name }
        switch event.author {
        case .id(let id)?: return raw.users[id]?.shownName ?? names[PersonID(platform: raw.channel.platform, native: id).key] ?? Wording.unknownPerson
        case .name(let name)?: return name
        case nil: return ""
        }
    }

    /// A mentioned (or reacting) person's name, by key; "unknown user" when the export names
    /// them nowhere, never their id.
    func userName(_ key: String) -> String {
        names[key] ?? Wording.unknownPerson
    }

    /// A mark's range is one pages can use: not empty, inside the text, on character
    /// boundaries. A reader's mistake is dropped, never shown half.
    static func fits(_ range: Range<Int>, in text: String) -> Bool {
        let utf8 = text.utf8, count = utf8.count
        func isBoundary(_ offset: Int) -> Bool {
            guard offset > 0, offset < count else { return offset == 0 || offset == count }
            return utf8[utf8.index(utf8.startIndex, offsetBy: offset)] & 0xC0 != 0x80
        }
        return !range.isEmpty && range.lowerBound >= 0 && range.upperBound <= count
            && isBoundary(range.lowerBound) && isBoundary(range.upperBound)
    }

    /// The export's marks (mentions by id, links), then hashtags and URLs found in the
    /// text where no mark is, and not in code: `#include` in a code block is no tag. Links
    /// only to web addresses: a `javascript:` target stays text. A mark that overlaps one
    /// already kept (a mention inside a link) is dropped: pages render entities one after another.
    func entities(_ event: RawEvent, styles: [TextStyle] = []) -> [TextEntity] {
        var entities: [TextEntity] = []
        for mark in event.marks {
            guard Self.fits(mark.range, in: event.text), !entities.contains(where: { $0.range.overlaps(mark.range) }) else { continue }
            switch mark.kind {
            case .mention(let id):
                entities.append(TextEntity(kind: .mention, range: mark.range, value: PersonID(platform: raw.channel.platform, native: id).key))
            case .link(let url):
                if TextEntities.isWebAddress(url) { entities.append(TextEntity(kind: .url, range: mark.range, value: url)) }
            case .style:
                break
            }
        }
        let marked = entities.map(\.range) + styles.filter(\.kind.isLiteral).map(\.range)
        for found in TextEntities.extract(event.text) where found.kind != .mention {
            if !marked.contains(where: { $0.overlaps(found.range) }) { entities.append(found) }
        }
        return entities.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The export's styles, each once, where they fit the text, in `TextStyle.inOrder`.
    func styles(_ event: RawEvent) -> [TextStyle] {
        guard event.marks.contains(where: { if case .style = $0.kind { true } else { false } }) else { return [] }
        var seen = Set<TextStyle>(), styles: [TextStyle] = []
        for mark in event.marks {
            guard case .style(let kind) = mark.kind, Self.fits(mark.range, in: event.text) else { continue }
            let style = TextStyle(kind, range: mark.range)
            if seen.insert(style).inserted { styles.append(style) }
        }
        return styles.sorted(by: TextStyle.inOrder)
    }
}

/// Questions in community chats: a thread whose first message asks, answered by others.
enum ThreadQuestions {
    /// Words that open a question when the message has no question mark: English, and the
    /// commonest in Spanish, Portuguese, French, German, Italian, Dutch and Russian.
    static let askingWords: Set<String> = [
        "how", "what", "why", "when", "where", "which", "who", "anyone", "anybody", "does", "do", "is", "are", "can",
        "could", "should", "would", "has", "have", "any",
        // Not words that open statements as often (`was`, `que`, `como`, `est`).
        "cómo", "qué", "cuándo", "dónde", "quién", "alguien", "alguém", "quando", "onde",
        "comment", "pourquoi", "quand", "où", "quelqu",
        "wie", "warum", "wann", "wo", "wer", "jemand", "gibt", "kann", "kennt",
        "perché", "chi", "qualcuno", "dove", "hoe", "wat", "waarom", "wanneer", "waar", "iemand",
        "как", "что", "почему", "когда", "где", "кто", "зачем", "можно", "кто-нибудь",
    ]

    /// A conversation's first message (a thread's root, or a message that replies to none)
    /// is a question when it asks — a question mark, or an asking word first — or, in a help
    /// channel, always; and when someone else answered it. Its answers are the replies by
    /// others in its thread and down its chain of replies; the asker's own are its thread.
    static func questions(_ messages: [Message], threads: [ChatThread], helpChannel: Bool) -> [Question] {
        var repliesOf: [String: [String]] = [:]
        for thread in threads { repliesOf[thread.rootID] = thread.replyIDs }
        for message in messages where message.threadRootID == nil {
            if let target = message.inReplyToID { repliesOf[target, default: []].append(message.id) }
        }
        guard !repliesOf.isEmpty else { return [] }
        let position = Dictionary(uniqueKeysWithValues: messages.enumerated().map { ($1.id, $0) })
        var questions: [Question] = []
        for root in messages where root.threadRootID == nil && root.inReplyToID == nil && root.replyLink == nil && repliesOf[root.id] != nil {
            guard helpChannel || asks(root.text) else { continue }
            // Every message below the root, through threads and reply links, in time order.
            var below: [String] = [], queue = repliesOf[root.id] ?? [], seen: Set<String> = [root.id]
            while let next = queue.popLast() {
                guard seen.insert(next).inserted else { continue }
                below.append(next)
                queue += repliesOf[next] ?? []
            }
            let replies = below.compactMap { position[$0] }.sorted().map { messages[$0] }
            let answers = replies.filter { $0.authorKey != root.authorKey }.map(\.id)
            guard !answers.isEmpty else { continue }
            questions.append(Question(number: questions.count + 1, messageID: root.id, text: headline(root.text), answerIDs: answers,
                                      replyIDs: replies.filter { $0.authorKey == root.authorKey }.map(\.id)))
        }
        return questions
    }

    /// The question's title: its first sentence that asks (else its first line), at most 140 characters.
    static func headline(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let line = flat.first { $0.contains("?") } ?? flat.first ?? ""
        var sentence = line
        if let mark = line.firstIndex(of: "?") {
            // From the start of the sentence that holds the question mark.
            // A sentence ends at `.` or `!` followed by a space: not in `data.csv` or `v1.2`.
            var start = line.startIndex, cursor = line.startIndex
            while cursor < mark {
                let next = line.index(after: cursor)
                if ".!".contains(line[cursor]), next < mark, line[next].isWhitespace { start = next }
                cursor = next
            }
            sentence = line[start...mark].trimmingCharacters(in: .whitespaces)
        }
        return sentence.count <= 140 ? sentence : String(sentence.prefix(139)) + "…"
    }

    static func asks(_ text: String) -> Bool {
        if text.unicodeScalars.contains(where: { $0 == "?" || $0 == "？" }) { return true }
        let first = text.split(whereSeparator: { !$0.isLetter }).first.map { $0.lowercased() }
        return first.map(askingWords.contains) ?? false
    }
}
