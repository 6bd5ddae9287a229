import Foundation

/// Zoom: a meeting's saved chat (`meeting_saved_chat.txt`, `chat.txt`), in the three
/// layouts Zoom has written:
///
/// - up to 2020, a tab after the time: `19:32:08\t From Ann : hello`, and for a private
///   message `19:32:08\t From Ann to Bob(Privately) : hello`;
/// - about 2021, one line with the recipient: `18:21:48 From Ann to Everyone : hello`,
///   `… From Ann to Bob(Direct Message) : hello`;
/// - the chat saved with a cloud recording: `00:58:04\tAlex:\thello`, times counted from
///   the recording's start (added to the meeting folder's time when there is one);
/// - since 2022, two lines: `15:01:39 From Ann to Everyone:` and the text on the lines
///   after it, each indented with a tab. Replies start `Replying to "first words..."`,
///   reactions are messages of their own: `Reacted to "first words..." with 👍`,
///   `Removed a 👍 reaction from "first words..."`.
///
/// Lines without a time belong to the message before them (code, blank lines). Zoom
/// writes no date: it comes from the folder Zoom saves the chat in
/// (`2020-09-15 10.00.00 Topic 123456789/`), which also names the meeting and when it
/// started, or from the file's name or `dates:` in `site.yaml`. Messages to anyone but
/// Everyone are marked private (normalize leaves them out unless the settings publish
/// private messages); a reply or reaction sent privately goes with private messages only,
/// and one sent to Everyone with the others.
enum ZoomReader: FormatReader {
    static let format = SourceFormat.zoom
    /// A message's text is cut here: a runaway continuation must not hold a whole file.
    static let bodyLimit = 1 << 20

    enum Layout: String {
        case tab = "Zoom (tab)"
        case oneLine = "Zoom (to Everyone)"
        case twoLine = "Zoom (two-line)"
        /// The chat Zoom's web portal gives with a cloud recording: `00:58:04\tAlex:\ttext`,
        /// its times counted from the recording's start.
        case cloud = "Zoom (cloud recording)"
    }

    /// A line that starts a message: its time, sender, recipient and the text on the line.
    struct Header: Equatable {
        var seconds: Double
        var layout: Layout
        var sender: String
        /// `Everyone`, `Bob`; nil in the oldest layout's public messages.
        var recipient: String?
        var isPrivate: Bool
        /// The text after ` : `; nil in the two-line layout.
        var text: Substring?
    }


    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        guard source.kind == .file, let file = source.files.first else { return 0 }
        // The first line that is not blank starts a message: Zoom writes nothing before it.
        var rest = file.text.utf8[...]
        var seen = 0
        while !rest.isEmpty, seen < 64 * 1024 {
            let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            let line = Substring(rest[..<end])
            seen += line.utf8.count + 1
            if !line.allSatisfy(\.isWhitespace) { return header(line) == nil ? 0 : 90 }
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
        }
        return 0
    }

    // MARK: Lines

    /// `HH:MM:SS`, then a tab or a space, then `From `: a message's first line.
    static func header(_ raw: Substring) -> Header? {
        var line = raw
        if line.first == "\u{FEFF}" { line = line.dropFirst() }
        // A line end, and the space some versions leave after the two-line layout's colon.
        while let last = line.last, last == "\r" || last == " " || last == "\t" { line = line.dropLast() }
        let bytes = line.utf8
        guard bytes.count >= 14 else { return nil }
        var index = bytes.startIndex
        func number() -> Int? {
            var value = 0, digits = 0
            while index < bytes.endIndex, digits < 2, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                bytes.formIndex(after: &index)
            }
            return digits > 0 ? value : nil
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            bytes.formIndex(after: &index)
            return true
        }
        guard let hours = number(), hours < 24, take(0x3A), let minutes = number(), minutes < 60, take(0x3A),
              let seconds = number(), seconds < 60 else { return nil }
        let layout: Layout
        if take(0x09) {
            layout = .tab
            while take(0x20) {}
        } else if take(0x20) {
            layout = .oneLine
        } else {
            return nil
        }
        guard bytes[index...].starts(with: "From ".utf8) else {
            // A cloud recording's chat: `Name:`, a tab, the text.
            guard layout == .tab, let colon = line[index...].range(of: ":\t") else { return nil }
            let name = trimmed(line[index..<colon.lowerBound])
            guard !name.isEmpty, name.count <= 200 else { return nil }
            return Header(seconds: Double(hours * 3600 + minutes * 60 + seconds), layout: .cloud, sender: String(name),
                          recipient: nil, isPrivate: false, text: line[colon.upperBound...])
        }
        index = bytes.index(index, offsetBy: 5)
        while take(0x20) {}
        let rest = line[index...]
        var senderPart: Substring, text: Substring?, finalLayout = layout
        if let colon = rest.range(of: " : ") {
            senderPart = rest[..<colon.lowerBound]
            text = rest[colon.upperBound...]
        } else if rest.hasSuffix(" :") {
            senderPart = rest.dropLast(2)
            text = ""
        } else if layout == .oneLine, rest.hasSuffix(":") {
            senderPart = rest.dropLast()
            finalLayout = .twoLine
        } else {
            return nil
        }
        senderPart = trimmed(senderPart)
        var isPrivate = false
        for suffix in ["(direct message)", "(privately)"] where senderPart.lowercased().hasSuffix(suffix) {
            isPrivate = true
            senderPart = trimmed(senderPart.dropLast(suffix.count))
        }
        var sender = senderPart, recipient: Substring?
        // The recipient follows the last ` to Everyone`; a private message's, the first ` to `
        // (a name with ` to ` in it is rarer than a recipient). The oldest layout wrote ` to `
        // only for private messages, so there a name may hold it.
        if let everyone = senderPart.ranges(of: " to Everyone").last {
            sender = senderPart[..<everyone.lowerBound]
            recipient = senderPart[senderPart.index(everyone.lowerBound, offsetBy: 4)...]
        } else if layout != .tab || isPrivate, let to = senderPart.range(of: " to ", options: .caseInsensitive) {
            sender = senderPart[..<to.lowerBound]
            recipient = senderPart[to.upperBound...]
        }
        let name = trimmed(sender), to = recipient.map(trimmed)
        guard !name.isEmpty, to?.isEmpty != true else { return nil }
        if let to, !to.hasPrefix("Everyone") { isPrivate = true }
        return Header(seconds: Double(hours * 3600 + minutes * 60 + seconds), layout: finalLayout, sender: String(name),
                      recipient: to.map(String.init), isPrivate: isPrivate, text: text)
    }

    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }

    /// `Replying to "…"`, `Reacted to "…" with 👍`, `Removed a 👍 reaction from "…"`: the quote and emoji.
    enum Special: Equatable {
        case reply(quote: String, rest: String)
        case reaction(quote: String, emoji: String)
        case removal(quote: String, emoji: String)
    }

    static func special(_ text: String) -> Special? {
        if text.hasPrefix("Replying to \"") {
            let firstLine = text.prefix { $0 != "\n" }
            guard let close = firstLine.lastIndex(of: "\""), close > firstLine.index(firstLine.startIndex, offsetBy: 12) else { return nil }
            let quote = firstLine[firstLine.index(firstLine.startIndex, offsetBy: 13)..<close]
            let rest = text.dropFirst(firstLine.count).drop { $0.isWhitespace }
            return .reply(quote: String(quote), rest: String(rest))
        }
        guard !text.contains("\n") else { return nil }
        if text.hasPrefix("Reacted to \""), let with = text.ranges(of: "\" with ").last {
            let quote = text[text.index(text.startIndex, offsetBy: 12)..<with.lowerBound]
            let emoji = trimmed(text[with.upperBound...])
            guard !emoji.isEmpty, emoji.count <= 16 else { return nil }
            return .reaction(quote: String(quote), emoji: String(emoji))
        }
        if text.hasPrefix("Removed a "), text.hasSuffix("\""), let from = text.range(of: " reaction from \"") {
            let emoji = trimmed(text[text.index(text.startIndex, offsetBy: 10)..<from.lowerBound])
            guard !emoji.isEmpty, emoji.count <= 16, from.upperBound < text.endIndex else { return nil }
            return .removal(quote: String(text[from.upperBound..<text.index(before: text.endIndex)]), emoji: String(emoji))
        }
        return nil
    }

    /// Text compared with a quote: runs of white space made one space, Zoom's ellipsis taken off.
    static func comparable<S: StringProtocol>(_ text: S, limit: Int = QuoteIndex.limit) -> String {
        var out = "", space = false
        for character in text.prefix(limit) {
            if character.isWhitespace { space = !out.isEmpty; continue }
            if space { out.append(" "); space = false }
            out.append(character)
        }
        return out
    }

    static func quoteKey(_ quote: String) -> String {
        var key = comparable(quote)
        while key.hasSuffix("...") { key.removeLast(3) }
        while key.hasSuffix("…") { key.removeLast() }
        return comparable(key)
    }

    // MARK: Folder

    /// Zoom's folder `2020-09-15 10.00.00 Topic Name 123456789`: the meeting's start and topic.
    static func meetingFolder(_ name: String) -> (seconds: Double, topic: String?)? {
        let bytes = Array(name.utf8)
        guard bytes.count >= 19, TextLog.date(inName: String(name.prefix(10))) != nil, bytes[10] == 0x20 else { return nil }
        func two(_ i: Int) -> Int? {
            guard bytes[i] >= 0x30, bytes[i] <= 0x39, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 else { return nil }
            return Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30)
        }
        guard let hours = two(11), bytes[13] == 0x2E, let minutes = two(14), bytes[16] == 0x2E, let seconds = two(17),
              hours < 24, minutes < 60, seconds < 60 else { return nil }
        var topic = trimmed(Substring(String(decoding: bytes[19...], as: UTF8.self)))
        // The meeting's number Zoom appends (9 to 11 digits).
        if let space = topic.lastIndex(of: " ") {
            let last = topic[topic.index(after: space)...]
            if (9...11).contains(last.count), last.allSatisfy(\.isASCII), last.allSatisfy(\.isNumber) { topic = trimmed(topic[..<space]) }
        } else if (9...11).contains(topic.count), topic.allSatisfy(\.isASCII), topic.allSatisfy(\.isNumber) {
            topic = ""
        }
        return (Double(hours * 3600 + minutes * 60 + seconds), topic.isEmpty ? nil : String(topic))
    }

    // MARK: Reading

    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        guard source.kind == .file, let file = source.files.first else { return ([], []) }
        var diagnostics: [Diagnostic] = []
        let components = file.path.split(separator: "/").map(String.init)
        let fileName = components.last ?? file.path
        let folder = components.count >= 3 ? components[components.count - 2] : nil
        let meeting = folder.flatMap(meetingFolder)

        // The day: the file's name, its folders, `dates:`; else none, kept in order as one session.
        var dateSource = DateSource.none
        var day = TextLog.undatedDay
        if let (date, from) = settings.fileDate(for: file.path) {
            (day, dateSource) = (date, from)
        } else {
            diagnostics.append(TextLog.undated(file.path))
        }
        var roller = DayRoller(day)
        // A chat saved from a meeting that began before midnight: its first line after it is the next day.
        if let meeting, case .folder = dateSource { _ = roller.date(at: meeting.seconds) }

        let generic = ["meeting_saved_chat", "chat", "meeting_saved_new_chat", "meeting_saved_closed_caption"]
        let baseName = (fileName as NSString).deletingPathExtension
        let channelName = meeting?.topic ?? (generic.contains(baseName.lowercased()) ? folder : nil) ?? TextLog.channelName(fromPath: file.path)

        struct Pending {
            var header: Header
            var line: Int
            var body: String
            var cut = false
        }
        var events: [RawEvent] = []
        var layout: Layout?
        var pending: Pending?
        var unmatched: [Int] = []
        var cutLines: [Int] = []
        var strayLines: [Int] = []
        var phoneNames: [String: String] = [:]

        var quotes = QuoteIndex()
        func target(_ quote: String, emoji: String? = nil, isPrivate: Bool) -> Int? {
            quotes.latest(startingWith: quoteKey(quote)) { index in
                events[index].isPrivate == isPrivate && (emoji.map { mark in events[index].reactions.contains { $0.emoji == mark } } ?? true)
            }
        }

        func finish(_ message: Pending) {
            if layout == nil { layout = message.header.layout }
            if message.cut { cutLines.append(message.line) }
            // A cloud recording counts from its start: the meeting folder's time, when there is one.
            var seconds = message.header.seconds
            if message.header.layout == .cloud { seconds = ((meeting?.seconds ?? 0) + seconds).truncatingRemainder(dividingBy: 86400) }
            // Every line moves the clock, also those left out: one may be the first after midnight.
            let date = roller.date(at: seconds)
            let isPrivate = message.header.isPrivate
            var text = message.body
            while text.last?.isWhitespace == true { text.removeLast() }
            let name = TextLogNames.safe(message.header.sender, phones: &phoneNames)
            let time = TextLog.instant(date, seconds: seconds, in: settings.timeZone)
            let location = SourceLocation(file: file.path, line: message.line)
            var replyTo: String?
            switch special(text) {
            case .reaction(let quote, let emoji):
                guard let index = target(quote, isPrivate: isPrivate) else { unmatched.append(message.line); return }
                if let at = events[index].reactions.firstIndex(where: { $0.emoji == emoji }) {
                    if !events[index].reactions[at].users.contains(name) {
                        events[index].reactions[at].users.append(name)
                        events[index].reactions[at].count += 1
                    }
                } else {
                    events[index].reactions.append(RawReaction(emoji: emoji, count: 1, users: [name]))
                }
                return
            case .removal(let quote, let emoji):
                guard let index = target(quote, emoji: emoji, isPrivate: isPrivate), let at = events[index].reactions.firstIndex(where: { $0.emoji == emoji }) else {
                    unmatched.append(message.line)
                    return
                }
                var reaction = events[index].reactions[at]
                reaction.users.removeAll { $0 == name }
                reaction.count -= 1
                if reaction.count <= 0 { events[index].reactions.remove(at: at) } else { events[index].reactions[at] = reaction }
                return
            case .reply(let quote, let rest):
                replyTo = target(quote, isPrivate: isPrivate).flatMap { events[$0].id }
                text = rest
            case nil:
                break
            }
            guard !text.isEmpty else { return }
            quotes.add(text)
            events.append(RawEvent(id: String(message.line), author: .name(name), time: time, text: text, replyTo: replyTo,
                                   isPrivate: isPrivate, location: location))
        }

        for line in TextLog.lines(file.text) {
            if let header = header(line.text) {
                if let done = pending { finish(done) }
                var body = header.text.map { TextLog.clean($0) } ?? ""
                var cut = false
                if body.utf8.count > bodyLimit { body = String(TextLog.prefix(body, bytes: bodyLimit)); cut = true }
                pending = Pending(header: header, line: line.number, body: body, cut: cut)
                continue
            }
            guard var message = pending else {
                if !line.text.allSatisfy(\.isWhitespace) { strayLines.append(line.number) }
                continue
            }
            pending = nil
            var text = line.text
            // The two-line layout indents its text with a tab; pasted, it may be four spaces.
            if message.header.layout == .twoLine {
                if text.first == "\t" { text = text.dropFirst() } else if text.hasPrefix("    ") { text = text.dropFirst(4) }
            }
            if !message.cut {
                let room = bodyLimit - message.body.utf8.count - 1
                if text.utf8.count > room { text = TextLog.prefix(text, bytes: room); message.cut = true }
                if !(message.header.text == nil && message.body.isEmpty) { message.body += "\n" }
                message.body += TextLog.clean(text)
            }
            pending = message
        }
        if let done = pending { finish(done) }

        func collapsed(_ lines: [Int], _ message: String) {
            if let warning = TextLog.collapsed(lines, file: file.path, message) { diagnostics.append(warning) }
        }
        collapsed(strayLines, "not a Zoom chat line (expected 'HH:MM:SS From Name : text' before it); skipped")
        collapsed(cutLines, "message longer than \(bodyLimit) bytes; cut")
        collapsed(unmatched, "reaction to a message not found in the chat; left out")
        if layout == .cloud, meeting == nil {
            diagnostics.append(.warning(SourceLocation(file: file.path), "its times count from the recording's start, and no meeting folder ('2020-09-15 10.00.00 Topic') says when that was; read as times of day"))
        }
        guard layout != nil else { return ([], diagnostics + [.warning(SourceLocation(file: file.path), "no Zoom chat message in \(file.path); skipped")]) }
        let note = ReadingNote(layout: (layout ?? .tab).rawValue, dates: dateSource, timeZone: settings.zoneName)
        // People are named by their names: those who only reacted, too.
        var users: [String: RawUser] = [:]
        for name in events.compactMap({ if case .name(let name) = $0.author { name } else { nil } }) + events.flatMap({ $0.reactions.flatMap(\.users) }) {
            users[name] = RawUser(displayName: name)
        }
        let conversation = RawConversation(format: .zoom, channel: RawChannel(platform: "zoom", name: channelName), users: users, events: events,
                                           source: SourceLocation(file: file.path), note: note, isMeeting: true)
        return ([.conversation(conversation)], diagnostics)
    }
}

/// Messages by the start of their text, for the replies and reactions that quote it: a
/// look-up costs about the quote's length, not the log's, whatever the log holds.
struct QuoteIndex {
    /// Characters of a message kept for comparing.
    static let limit = 600
    /// Quotes this long or longer are looked up by their start; shorter ones by a short scan back.
    static let keyLength = 16
    static let scan = 200
    static let candidates = 16
    /// Each message's text as `ZoomReader.comparable` makes it, in the order added.
    private(set) var keys: [String] = []
    private var byStart: [Substring: [Int]] = [:]

    /// A message's text, at the next position (the caller's index of its event).
    mutating func add(_ text: String) {
        keys.append("")
        update(keys.count - 1, text)
    }

    /// A message whose text changed (an edit): the old text no longer matches.
    mutating func update(_ position: Int, _ text: String) {
        guard keys.indices.contains(position) else { return }
        let key = ZoomReader.comparable(text)
        keys[position] = key
        if key.count >= Self.keyLength { byStart[Substring(key.prefix(Self.keyLength)), default: []].append(position) }
    }

    /// The latest message whose text starts with `quote` (already made comparable) and that `accept`s.
    func latest(startingWith quote: String, where accept: (Int) -> Bool = { _ in true }) -> Int? {
        guard !quote.isEmpty else { return nil }
        if quote.count >= Self.keyLength {
            for position in (byStart[Substring(quote.prefix(Self.keyLength))] ?? []).reversed().prefix(Self.candidates)
            where keys[position].utf8.starts(with: quote.utf8) && accept(position) {
                return position
            }
            return nil
        }
        for position in keys.indices.reversed().prefix(Self.scan) where keys[position].utf8.starts(with: quote.utf8) && accept(position) {
            return position
        }
        return nil
    }
}
