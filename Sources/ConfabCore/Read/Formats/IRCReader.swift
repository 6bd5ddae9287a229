import Foundation

/// IRC logs as clients and bots write them, recognised by their lines with no settings:
/// irssi (`12:00 <@nick> hi`, `-!-` events, `--- Log opened`/`--- Day changed` headers),
/// WeeChat (`date time<TAB>prefix<TAB>message`, local or, from 4.8, UTC with a `Z`),
/// ZNC's log module (`[12:00:00] <nick> hi`, `*** Joins: …`), Limnoria's ChannelLogger
/// (`2019-10-08T09:41:39  <nick> hi`), HexChat/X-Chat (`Mar 03 10:28:41 <nick>\thi` under
/// `**** BEGIN LOGGING AT …`, and old X-Chat lines with no time at all). One file is one
/// conversation; a nick change makes the old and new nicks one person within the file.
/// Hosts (`user@host`) are never kept. Bots are not guessed from their nicks.
enum IRCReader: FormatReader {
    static let format = SourceFormat.irc
    static let platform = "irc"
    /// Longest message body kept; a longer line is cut, with a warning.
    static let maxBody = 1 << 20
    static let sniffLines = 50

    enum Layout: CaseIterable {
        case irssi, weechat, znc, limnoria, hexchat, xchat

        var name: String {
            switch self {
            case .irssi: "irssi"
            case .weechat: "WeeChat"
            case .znc: "ZNC"
            case .limnoria: "Limnoria"
            case .hexchat: "HexChat"
            case .xchat: "X-Chat (no times)"
            }
        }
    }

    /// The time a line's stamp gives: a full date (WeeChat, Limnoria), a month and day
    /// (HexChat), a time of day only (irssi, ZNC), or nothing (old X-Chat).
    struct Stamp {
        var date: LocalDate?
        var monthDay: (month: Int, day: Int)?
        var seconds: Double?
        var utc = false
    }

    enum SystemKind: Equatable {
        case join(channel: String?)
        case part(channel: String?, reason: String?)
        case quit(reason: String?)
        case nick(new: String)
        case mode(String, channel: String?)
        case topic(String, channel: String?)
        case kicked(by: String, reason: String?)
        case other(String)
    }

    struct SystemLine: Equatable {
        /// Whom the event is about: the one who joined, changed nick, was kicked.
        var nick: String
        var kind: SystemKind
    }

    enum Body {
        case message(nick: String, text: Substring)
        case action(nick: String, text: Substring)
        case system(SystemLine)
        /// `--- Log opened`, `--- Day changed`, `**** BEGIN LOGGING AT`: a new date (and time).
        case header(LocalDate, seconds: Double?)
        /// Lines of the layout that say nothing worth keeping: `--- Log closed`, client noise.
        case ignored
    }

    struct Parsed {
        var stamp: Stamp
        var body: Body
    }

    // MARK: - Registry



    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        guard source.kind == .file, let file = source.files.first else { return 0 }
        return detect(file.text)?.confidence ?? 0
    }

    /// The layout most of the first non-blank lines are written in, and how sure that is.
    static func detect(_ text: String) -> (layout: Layout, confidence: Int)? {
        guard JSONSource.opening(text) != "{" else { return nil }
        var sample: [String] = []
        for line in TextLog.lines(String(JSONSource.head(text, limit: 64 * 1024))) {
            let cleaned = TextLog.clean(line.text.prefix(2000))
            if cleaned.allSatisfy(\.isWhitespace) { continue }
            sample.append(cleaned)
            if sample.count >= sniffLines { break }
        }
        guard !sample.isEmpty else { return nil }
        var best: (Layout, Int)?
        for layout in Layout.allCases {
            var matched = 0, headers = 0
            for line in sample {
                guard let parsed = parse(Substring(line), layout) else { continue }
                matched += 1
                if case .header = parsed.body { headers += 1 }
            }
            // Untimed X-Chat lines are too plain to claim without the client's header.
            if layout == .xchat, headers == 0 { continue }
            // Headers alone are not a log of this layout.
            if matched == headers { continue }
            if matched > (best?.1 ?? 0) { best = (layout, matched) }
        }
        guard let (layout, matched) = best, matched >= min(2, sample.count) else { return nil }
        let share = Double(matched) / Double(sample.count)
        if share >= 0.8 { return (layout, 85) }
        if share >= 0.5 { return (layout, 60) }
        return nil
    }

    // MARK: - Reading

    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        for var file in source.files {
            // A Markdown or wiki page with more log than prose: its code blocks, not its prose, are the log.
            if ["md", "markdown", "wiki", "mediawiki"].contains((file.path as NSString).pathExtension.lowercased()),
               let code = TextLog.codeBlocks(file.text), detect(code) != nil {
                file = SourceFile(path: file.path, text: code)
            }
            guard let (layout, _) = detect(file.text) else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "not an IRC log in a layout Confab knows; skipped"))
                continue
            }
            let (conversation, found) = read(file, layout: layout, settings: settings)
            diagnostics += found
            if let conversation { chats.append(.conversation(conversation)) }
        }
        return (chats, diagnostics)
    }

    /// The people of one file: nicks linked by nick changes, each group named by its first nick.
    struct People {
        private var parent: [String: String] = [:]
        private var first: [String: (order: Int, nick: String)] = [:]

        mutating func see(_ nick: String) -> String {
            let key = nick.lowercased()
            if first[key] == nil { first[key] = (first.count, nick) }
            return key
        }

        /// The group's key; the path to it is shortened so that long chains of nick changes stay cheap.
        mutating func root(_ key: String) -> String {
            var top = key
            while let next = parent[top], next != top { top = next }
            var node = key
            while let next = parent[node], next != top { parent[node] = top; node = next }
            return top
        }

        mutating func link(_ a: String, _ b: String) {
            let ra = root(see(a)), rb = root(see(b))
            guard ra != rb else { return }
            let (keep, drop) = (first[ra]?.order ?? 0) <= (first[rb]?.order ?? 0) ? (ra, rb) : (rb, ra)
            parent[drop] = keep
        }

        mutating func name(_ key: String) -> String { first[root(key)]?.nick ?? key }
    }

    static func read(_ file: SourceFile, layout: Layout, settings: ReadSettings) -> (RawConversation?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let utc = TimeZone(identifier: "UTC") ?? settings.timeZone
        // The day of lines that do not carry theirs: the file's name, its folder, `dates:`.
        let pathDate = settings.fileDate(for: file.path)
        var roller = DayRoller(pathDate?.0 ?? TextLog.undatedDay)
        var headerYear: (year: Int, month: Int)? = nil
        var headerSeconds: Double?
        var usedHeader = false, usedLines = false, usedPath = false, usedNaive = false

        var events: [RawEvent] = [], nickKeys: [String?] = []
        var people = People()
        var channel: String?
        var badCount = 0, firstBad: Int?
        var longLines = 0, firstLong: Int?, lastCut: Int?

        for line in TextLog.lines(file.text) {
            if line.text.allSatisfy(\.isWhitespace) { continue }
            var raw = line.text
            if raw.utf8.count > maxBody + 4096 {
                raw = TextLog.prefix(raw, bytes: maxBody + 4096)
                longLines += 1
                lastCut = line.number
                if firstLong == nil { firstLong = line.number }
            }
            let cleaned = TextLog.clean(raw)
            guard let parsed = parse(Substring(cleaned), layout) else {
                badCount += 1
                if firstBad == nil { firstBad = line.number }
                continue
            }
            if case .header(let date, let seconds) = parsed.body {
                roller.restart(date)
                headerYear = (date.year, date.month)
                headerSeconds = seconds
                usedHeader = true
                continue
            }
            if case .ignored = parsed.body { continue }

            // The instant of the line.
            let stamp = parsed.stamp
            let date: LocalDate
            if let full = stamp.date {
                date = full
                usedLines = true
            } else if let (month, day) = stamp.monthDay {
                if let (year, headerMonth) = headerYear {
                    date = LocalDate(year: month < headerMonth ? year + 1 : year, month: month, day: day)
                    usedHeader = true
                } else {
                    date = LocalDate(year: pathDate?.0.year ?? 1970, month: month, day: day)
                    usedPath = true
                }
            } else if let seconds = stamp.seconds {
                date = roller.date(at: seconds)
                if !usedHeader { usedPath = true }
            } else {
                date = roller.date
                if !usedHeader { usedPath = true }
            }
            let seconds = stamp.seconds ?? headerSeconds ?? 0
            if !stamp.utc { usedNaive = true }
            let time = TextLog.instant(date, seconds: seconds, in: stamp.utc ? utc : settings.timeZone)
            let location = SourceLocation(file: file.path, line: line.number)

            switch parsed.body {
            case .message(let nick, let text), .action(let nick, let text):
                var body = String(text)
                if body.utf8.count > maxBody {
                    body = String(TextLog.prefix(body, bytes: maxBody))
                    if lastCut != line.number { longLines += 1 }
                    lastCut = line.number
                    if firstLong == nil { firstLong = line.number }
                }
                let isAction: Bool = { if case .action = parsed.body { true } else { false } }()
                nickKeys.append(people.see(nick))
                events.append(RawEvent(kind: isAction ? .action : .message, authorName: nick, time: time, text: body, location: location))
            case .system(let system):
                let key = people.see(system.nick)
                switch system.kind {
                case .nick(let new): people.link(system.nick, new)
                case .join(let name?), .part(let name?, _), .mode(_, let name?), .topic(_, let name?):
                    if channel == nil { channel = name }
                default: break
                }
                if case .kicked(let by, _) = system.kind { _ = people.see(by) }
                nickKeys.append(key)
                events.append(RawEvent(kind: .system, authorName: system.nick, time: time, text: text(system), location: location))
            case .header, .ignored:
                break
            }
        }

        if badCount > 0, let firstBad {
            let more = badCount > 1 ? ", and \(badCount - 1) more line\(badCount == 2 ? "" : "s")" : ""
            diagnostics.append(.warning(SourceLocation(file: file.path, line: firstBad), "line not in this log's \(layout.name) layout; skipped\(more)"))
        }
        if longLines > 0, let firstLong {
            diagnostics.append(.warning(SourceLocation(file: file.path, line: firstLong),
                                        "message longer than \(maxBody / (1 << 20)) MB cut there" + (longLines > 1 ? " (and \(longLines - 1) more)" : "")))
        }
        guard !events.isEmpty else {
            diagnostics.append(.warning(SourceLocation(file: file.path), "IRC log (\(layout.name)) with no messages; skipped"))
            return (nil, diagnostics)
        }
        for index in events.indices {
            if let key = nickKeys[index] { events[index].author = .name(people.name(key)) }
        }

        let dates: DateSource
        if usedHeader { dates = .header }
        else if usedLines && !usedPath { dates = .lines }
        else if let (_, source) = pathDate { dates = source }
        else {
            dates = .none
            diagnostics.append(TextLog.undated(file.path))
        }
        let note = ReadingNote(layout: layout.name, dates: dates, timeZone: usedNaive ? settings.zoneName : nil)
        let name = channel ?? TextLog.channelName(fromPath: file.path)
        return (RawConversation(format: format, channel: RawChannel(platform: platform, name: name, prefix: ""), events: events,
                                source: SourceLocation(file: file.path), note: note), diagnostics)
    }

    /// A readable sentence for a system line, its subject first.
    static func text(_ system: SystemLine) -> String {
        let nick = system.nick
        func reason(_ value: String?) -> String { value.map { $0.isEmpty ? "" : " (\($0))" } ?? "" }
        switch system.kind {
        case .join(let channel): return "\(nick) joined" + (channel.map { " \($0)" } ?? "")
        case .part(let channel, let why): return "\(nick) left" + (channel.map { " \($0)" } ?? "") + reason(why)
        case .quit(let why): return "\(nick) quit" + reason(why)
        case .nick(let new): return "\(nick) is now known as \(new)"
        case .mode(let mode, _): return "\(nick) set mode \(mode)"
        case .topic(let topic, _): return topic.isEmpty ? "\(nick) cleared the topic" : "\(nick) changed the topic to: \(topic)"
        case .kicked(let by, let why): return "\(nick) was kicked by \(by)" + reason(why)
        case .other(let text): return text
        }
    }

    // MARK: - Lines

    /// One line (already cleaned of mIRC codes) read in `layout`; nil when it is not in it.
    static func parse(_ line: Substring, _ layout: Layout) -> Parsed? {
        switch layout {
        case .irssi:
            if line.hasPrefix("--- ") { return irssiHeader(line.dropFirst(4)).map { Parsed(stamp: Stamp(), body: $0) } }
            guard let (seconds, rest) = clock(line, secondsOptional: true), rest.first == " " else { return nil }
            return irssiBody(rest.dropFirst()).map { Parsed(stamp: Stamp(seconds: seconds), body: $0) }
        case .znc:
            // ZNC writes `[HH:MM:SS]`; irssi set to `[%H:%M]` and mIRC's `[HH:MM]` are read here too.
            if line.hasPrefix("Session ") { return mircHeader(line.dropFirst(8)).map { Parsed(stamp: Stamp(), body: $0) } }
            guard line.first == "[", let (seconds, rest) = clock(line.dropFirst(), secondsOptional: true), rest.hasPrefix("] ") else { return nil }
            let body = rest.dropFirst(2)
            if body.hasPrefix(" * ") || body.hasPrefix("-!- ") { return irssiBody(body).map { Parsed(stamp: Stamp(seconds: seconds), body: $0) } }
            return starBody(body).map { Parsed(stamp: Stamp(seconds: seconds), body: $0) }
        case .limnoria:
            // Limnoria's `2019-10-08T09:41:39` (or with a space) and two spaces; old Supybot's
            // `[08-Oct-2019 09:41:39]`, bracketed and so plain with one space too.
            if let (date, seconds, utc, rest) = isoStamp(line), !utc, rest.hasPrefix("  ") {
                return starBody(rest.dropFirst(2)).map { Parsed(stamp: Stamp(date: date, seconds: seconds), body: $0) }
            }
            guard let (date, seconds, _, rest) = supybotStamp(line), rest.hasPrefix(" ") else { return nil }
            return starBody(rest.dropFirst(rest.hasPrefix("  ") ? 2 : 1)).map { Parsed(stamp: Stamp(date: date, seconds: seconds), body: $0) }
        case .weechat:
            guard let (date, seconds, utc, rest) = isoStamp(line), rest.first == "\t" else { return nil }
            return weechatBody(rest.dropFirst()).map { Parsed(stamp: Stamp(date: date, seconds: seconds, utc: utc), body: $0) }
        case .hexchat, .xchat:
            if line.hasPrefix("**** ") { return xchatHeader(line.dropFirst(5)).map { Parsed(stamp: Stamp(), body: $0) } }
            if layout == .xchat { return xchatBody(line).map { Parsed(stamp: Stamp(), body: $0) } }
            // `Mar 03 10:28:41 `
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard words.count == 3, words[0].count == 3, let month = DateText.month(named: words[0]),
                  words[1].count <= 2, let day = Int(words[1]), (1...31).contains(day),
                  let (seconds, rest) = clock(words[2], secondsOptional: false), rest.first == " " else { return nil }
            return xchatBody(rest.dropFirst()).map { Parsed(stamp: Stamp(monthDay: (month, day), seconds: seconds), body: $0) }
        }
    }

    /// `HH:MM` or `HH:MM:SS` at the start: seconds after midnight and the rest.
    static func clock(_ text: Substring, secondsOptional: Bool) -> (Double, Substring)? {
        let digits = Array(text.utf8.prefix(8))
        func two(_ at: Int) -> Int? {
            guard at + 1 < digits.count, (0x30...0x39).contains(digits[at]), (0x30...0x39).contains(digits[at + 1]) else { return nil }
            return Int(digits[at] - 0x30) * 10 + Int(digits[at + 1] - 0x30)
        }
        guard let hour = two(0), hour < 24, digits.count > 2, digits[2] == UInt8(ascii: ":"), let minute = two(3), minute < 60 else { return nil }
        if digits.count > 5, digits[5] == UInt8(ascii: ":"), let second = two(6), second < 61 {
            let rest = text.utf8.dropFirst(8)
            // A longer number (fractions, a date) is another layout.
            if let next = rest.first, (0x30...0x39).contains(next) || next == UInt8(ascii: ".") { return nil }
            return (Double(hour * 3600 + minute * 60 + second), Substring(rest))
        }
        guard secondsOptional else { return nil }
        let rest = text.utf8.dropFirst(5)
        if let next = rest.first, (0x30...0x39).contains(next) || next == UInt8(ascii: ":") { return nil }
        return (Double(hour * 3600 + minute * 60), Substring(rest))
    }

    /// `[08-Oct-2019 09:41:39]`: Supybot's default `[%d-%b-%Y %H:%M:%S]`.
    static func supybotStamp(_ text: Substring) -> (LocalDate, Double, Bool, Substring)? {
        guard text.first == "[", let close = text.prefix(24).firstIndex(of: "]") else { return nil }
        let words = text[text.index(after: text.startIndex)..<close].split(separator: " ")
        guard words.count == 2 else { return nil }
        let parts = words[0].split(separator: "-")
        guard parts.count == 3, parts[0].count <= 2, let day = Int(parts[0]), (1...31).contains(day), let month = DateText.month(named: parts[1]),
              parts[2].count == 4, let year = Int(parts[2]), (1970...2200).contains(year),
              let (seconds, after) = clock(words[1], secondsOptional: false), after.isEmpty else { return nil }
        return (LocalDate(year: year, month: month, day: day), seconds, false, text[text.index(after: close)...])
    }

    /// `2019-10-08T09:41:39`, `2019-10-08 09:41:39`, with optional fractions and a `Z`.
    static func isoStamp(_ text: Substring) -> (LocalDate, Double, Bool, Substring)? {
        let bytes = Array(text.utf8.prefix(40))
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[at..<at + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), (1970...2200).contains(year), bytes.count > 10, bytes[4] == UInt8(ascii: "-"),
              let month = number(5, 2), (1...12).contains(month), bytes[7] == UInt8(ascii: "-"), let day = number(8, 2), (1...31).contains(day),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
        guard let (seconds, rest) = clockWithFraction(text.utf8.dropFirst(11)) else { return nil }
        var after = rest
        var utc = false
        if after.first == UInt8(ascii: "Z") { utc = true; after = after.dropFirst() }
        return (LocalDate(year: year, month: month, day: day), seconds, utc, Substring(after))
    }

    static func clockWithFraction(_ text: Substring.UTF8View) -> (Double, Substring.UTF8View)? {
        guard let (whole, rest) = clock(Substring(text), secondsOptional: false) ?? clockFraction(Substring(text)) else { return nil }
        return (whole, rest.utf8)
    }

    /// `HH:MM:SS.ffffff`: WeeChat's stamps with microseconds.
    static func clockFraction(_ text: Substring) -> (Double, Substring)? {
        let utf8 = text.utf8
        guard utf8.count > 9, utf8.dropFirst(8).first == UInt8(ascii: "."),
              let (seconds, _) = clock(Substring(utf8.prefix(8)), secondsOptional: false) else { return nil }
        var rest = utf8.dropFirst(9)
        var fraction = 0.0, scale = 0.1, count = 0
        while let byte = rest.first, (0x30...0x39).contains(byte), count < 9 {
            fraction += Double(byte - 0x30) * scale
            scale /= 10
            count += 1
            rest = rest.dropFirst()
        }
        guard count > 0 else { return nil }
        return (seconds + fraction, Substring(rest))
    }

    /// A nick with its channel-mode sign (`@`, `+`, `%`, `~`, `&`, `!`) taken off.
    static func nick<S: StringProtocol>(_ text: S) -> String? {
        // The signs in one step (a nick of signs only keeps its last): counting what is left
        // after each sign was quadratic on a hostile run of them.
        let signed = Substring(text), unsigned = signed.drop { "@+%~&!".contains($0) }
        let nick = unsigned.isEmpty ? signed.suffix(1) : unsigned
        guard !nick.isEmpty, nick.utf8.count <= 400, nick.count <= 100, !nick.contains(where: { $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" }) else { return nil }
        return String(nick)
    }

    /// `<nick> text` (a space or tab after `>`), `<nick>` alone.
    static func bracketed(_ text: Substring, allowModeSpace: Bool) -> Body? {
        guard text.first == "<" else { return nil }
        var inner = text.dropFirst()
        if allowModeSpace, inner.first == " " { inner = inner.dropFirst() }
        guard let close = inner.firstIndex(of: ">"), let name = nick(inner[..<close]) else { return nil }
        let after = inner[inner.index(after: close)...]
        if after.isEmpty { return .message(nick: name, text: "") }
        guard after.first == " " || after.first == "\t" else { return nil }
        return .message(nick: name, text: after.dropFirst())
    }

    /// `* nick text`: an action.
    static func action(_ text: Substring) -> Body? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let name = nick(first) else { return nil }
        return .action(nick: name, text: parts.count > 1 ? parts[1] : "")
    }

    /// `-nick- text`, `-nick(user@host)- text`, `-nick:#chan- text`: a notice, kept as a message.
    static func notice(_ text: Substring) -> Body? {
        guard text.first == "-", let end = text.dropFirst().range(of: "- ")?.lowerBound ?? (text.hasSuffix("-") && text.count > 2 ? text.index(before: text.endIndex) : nil) else { return nil }
        let inner = text[text.index(after: text.startIndex)..<end]
        let nickPart = inner.prefix { $0 != "(" && $0 != ":" && $0 != "!" }
        guard let name = nick(nickPart), !name.hasPrefix("-") else { return nil }
        let rest = text[end...].dropFirst(2)
        return .message(nick: name, text: rest)
    }

    static func irssiBody(_ body: Substring) -> Body? {
        if body.hasPrefix("<") { return bracketed(body, allowModeSpace: true) }
        if body.hasPrefix(" * ") { return action(body.dropFirst(3)) }
        if body.hasPrefix("-!- ") {
            let rest = body.dropFirst(4)
            if rest.hasPrefix("Irssi: ") || rest.hasPrefix("ServerMode/") { return .ignored }
            // Netsplits, server notices and the like: the layout's, but nothing to keep.
            return phrase(rest).map(Body.system) ?? .ignored
        }
        if body.hasPrefix("-") { return notice(body) }
        return nil
    }

    /// `Log opened Sat Feb 14 00:00:00 2015`, `Day changed Sun Feb 15 2015`, `Log closed …`.
    static func irssiHeader(_ text: Substring) -> Body? {
        if text.hasPrefix("Log closed") { return .ignored }
        let words = text.split(separator: " ")
        if text.hasPrefix("Log opened "), words.count >= 7, let month = DateText.month(named: words[3]), let day = Int(words[4]),
           let year = Int(words[6]), (1...31).contains(day), (1970...2200).contains(year) {
            let seconds = clock(words[5], secondsOptional: true)?.0
            return .header(LocalDate(year: year, month: month, day: day), seconds: seconds)
        }
        if text.hasPrefix("Day changed "), words.count >= 6, let month = DateText.month(named: words[3]), let day = Int(words[4]),
           let year = Int(words[5]), (1...31).contains(day), (1970...2200).contains(year) {
            return .header(LocalDate(year: year, month: month, day: day), seconds: nil)
        }
        return nil
    }

    /// ZNC and Limnoria after the stamp: `<nick> text`, `* nick action`, `*** event`, `-nick- notice`.
    static func starBody(_ body: Substring) -> Body? {
        if body.hasPrefix("<") { return bracketed(body, allowModeSpace: false) }
        if body.hasPrefix("*** ") { return phrase(body.dropFirst(4)).map(Body.system) ?? .ignored }
        if body.hasPrefix("* ") {
            // mIRC writes ZNC's events under one star: `* Joins: nick (ident@host)`.
            let rest = body.dropFirst(2)
            if mircEvents.contains(where: { rest.hasPrefix($0) }) || mircPhrases.contains(where: { rest.contains($0) }), let system = phrase(rest) {
                return .system(system)
            }
            // mIRC's own lines under a star, never anyone's action.
            if mircNotices.contains(where: { rest.hasPrefix($0) }) { return .ignored }
            return action(rest)
        }
        if body.hasPrefix("-") { return notice(body) }
        return nil
    }

    /// mIRC's event lines, told from actions by a word no nick can be or by their whole phrase.
    static let mircEvents = ["Joins: ", "Parts: ", "Quits: "]
    static let mircPhrases = [" is now known as ", " sets mode: ", " was kicked by ", " changes topic to "]
    static let mircNotices = ["Now talking in #", "Topic is '", "Set by ", "Disconnected", "Attempting to rejoin", "Rejoined channel ",
                              "Retrieving #", "You're now known as ", "You were kicked from "]

    /// mIRC's `Session Start: Sat Feb 14 00:00:00 2015` and `Session Time:` (a new day) give
    /// the date; `Session Close:` and `Session Ident: #chan` say nothing to keep.
    static func mircHeader(_ text: Substring) -> Body? {
        if text.hasPrefix("Close: ") || text.hasPrefix("Ident: ") { return .ignored }
        guard text.hasPrefix("Start: ") || text.hasPrefix("Time: ") else { return nil }
        let words = text.split(separator: " ")
        guard words.count >= 6, let month = DateText.month(named: words[2]), let day = Int(words[3]), (1...31).contains(day),
              let year = Int(words[5]), (1970...2200).contains(year) else { return nil }
        return .header(LocalDate(year: year, month: month, day: day), seconds: clock(words[4], secondsOptional: true)?.0)
    }

    /// WeeChat after the stamp and tab: `prefix<TAB>message`.
    static func weechatBody(_ body: Substring) -> Body? {
        guard let tab = body.firstIndex(of: "\t") else { return nil }
        let prefix = body[..<tab], message = body[body.index(after: tab)...]
        switch prefix {
        case "--" where message.hasPrefix("Notice("):
            // `Notice(nick): text`, `Notice(nick) -> #chan: text`.
            guard let close = message.firstIndex(of: ")"), let name = nick(message[message.index(message.startIndex, offsetBy: 7)..<close]),
                  let colon = message[close...].range(of: ": ") else { return .ignored }
            return .message(nick: name, text: message[colon.upperBound...])
        case "-->", "<--", "--": return phrase(message).map(Body.system) ?? .ignored
        case " *", "*": return action(message)
        case "=!=", "": return .ignored
        default:
            guard let name = nick(prefix) else { return nil }
            return .message(nick: name, text: message)
        }
    }

    /// HexChat and X-Chat after the time: `<nick>\ttext`, `*\tnick action` or event,
    /// `-nick-\tnotice`, X-Chat 2's `-->`, `<--`, `---` events.
    static func xchatBody(_ body: Substring) -> Body? {
        for prefix in ["-->\t", "<--\t", "---\t", "-->  ", "<--  ", "---  "] where body.hasPrefix(prefix) {
            let rest = body.dropFirst(prefix.count).drop { $0 == " " }
            return phrase(rest).map(Body.system) ?? .ignored
        }
        if body.hasPrefix("<") { return bracketed(body, allowModeSpace: false) }
        if body.hasPrefix("*\t") || body.hasPrefix("* ") {
            let rest = body.dropFirst(2).drop { $0 == " " }
            if let system = phrase(rest) { return .system(system) }
            // The client's own lines, not anyone's action.
            if xchatNotices.contains(where: { rest.hasPrefix($0) }) { return .ignored }
            return action(rest)
        }
        if body.hasPrefix("-"), let tab = body.firstIndex(of: "\t"), tab > body.startIndex, body[body.index(before: tab)] == "-" {
            // `-nick-\ttext`: the tab read as the space after the notice's closing dash.
            return notice(Substring(body[..<tab] + " " + body[body.index(after: tab)...]))
        }
        return nil
    }

    /// What HexChat prints under `*` for itself (its text events), never a person's action.
    static let xchatNotices = ["Topic for ", "Now talking on ", "You are now known as ", "Disconnected", "Looking up ", "Connecting to ",
                               "Connected.", "Cannot join ", "Channel ", "Users on ", "You have been kicked", "Ping reply", "Received a CTCP"]

    /// `BEGIN LOGGING AT Tue Mar  3 10:28:41 2015`, `ENDING LOGGING AT …`.
    static func xchatHeader(_ text: Substring) -> Body? {
        if text.hasPrefix("ENDING LOGGING AT") { return .ignored }
        guard text.hasPrefix("BEGIN LOGGING AT ") else { return nil }
        let words = text.dropFirst("BEGIN LOGGING AT ".count).split(separator: " ")
        guard words.count >= 5, let month = DateText.month(named: words[1]), let day = Int(words[2]), (1...31).contains(day),
              let year = Int(words[4]), (1970...2200).contains(year) else { return nil }
        return .header(LocalDate(year: year, month: month, day: day), seconds: clock(words[3], secondsOptional: true)?.0)
    }

    // MARK: - Events

    /// A reason, its brackets or parentheses (or quotes) taken off.
    static func unwrap(_ text: Substring) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)[...]
        if value.count >= 2, let first = value.first, let last = value.last,
           (first == "(" && last == ")") || (first == "[" && last == "]") || (first == "\"" && last == "\"") || (first == "'" && last == "'") {
            value = value.dropFirst().dropLast()
        }
        return value.isEmpty ? nil : String(value)
    }

    /// A host after a nick (`[user@host]`, `(user@host)`, `<user@host>`) skipped.
    static func skipHost(_ text: Substring) -> Substring {
        guard let open = text.first, let close: Character = ["[": "]", "(": ")", "<": ">"][open],
              let end = text.firstIndex(of: close) else { return text }
        let inner = text[text.index(after: text.startIndex)..<end]
        guard inner.contains("@") || inner.contains(".") || inner.isEmpty else { return text }
        return text[text.index(after: end)...].drop { $0 == " " }
    }

    static func channelWord(_ text: Substring) -> (String?, Substring) {
        let word = text.prefix { $0 != " " && $0 != "\t" }
        // `#` and `&` only: `+` and `!` channels are rare, and `+o` is a mode.
        guard let first = word.first, "#&".contains(first), word.count > 1 else { return (nil, text) }
        return (String(word.trimmingCharacters(in: CharacterSet(charactersIn: ":"))), text[word.endIndex...].drop { $0 == " " })
    }

    static let modeWords = ["gives channel operator status to ", "removes channel operator status from ", "gives voice to ", "removes voice from ",
                            "gives channel half-operator status to ", "removes channel half-operator status from ", "sets ban on ",
                            "removes ban on ", "sets exempt on ", "removes exempt on ", "sets invite exempt on ", "removes invite exempt on ",
                            "sets channel limit to ", "removes channel limit", "sets channel keyword to ", "removes channel keyword",
                            "sets quiet on ", "removes quiet on "]

    /// What a join, part, quit, nick, mode, topic or kick line says, in any client's words.
    static func phrase(_ text: Substring) -> SystemLine? {
        // ZNC: `Joins: nick (ident@host)`, `Parts: nick (ident@host) (reason)`, `Quits: nick (…) (reason)`,
        // and its publishers' `Joins nick`, `Quits nick (reason)`.
        for word in ["Joins", "Parts", "Quits"] where text.hasPrefix(word) {
            var rest = text.dropFirst(word.count)
            if rest.first == ":" { rest = rest.dropFirst() }
            guard rest.first == " " else { break }
            rest = rest.drop { $0 == " " }
            let nickWord = rest.prefix { $0 != " " }
            guard let name = nick(nickWord) else { return nil }
            var after = rest[nickWord.endIndex...].drop { $0 == " " }
            // The host is the first parenthesis when a reason follows it, or when it has an @.
            if let open = after.first, open == "(", let close = after.firstIndex(of: ")") {
                let inner = after[after.index(after: after.startIndex)..<close]
                let tail = after[after.index(after: close)...].drop { $0 == " " }
                if !tail.isEmpty || inner.contains("@") { after = tail }
            }
            let reason = unwrap(after)
            switch word {
            case "Joins": return SystemLine(nick: name, kind: .join(channel: nil))
            case "Parts": return SystemLine(nick: name, kind: .part(channel: nil, reason: reason))
            default: return SystemLine(nick: name, kind: .quit(reason: reason))
            }
        }
        // irssi `mode/#chan [+o x] by y`, WeeChat `Mode #chan [+o x] by y`.
        if text.hasPrefix("mode/") || text.hasPrefix("Mode ") {
            let (channel, rest) = channelWord(text.dropFirst(5))
            guard rest.first == "[", let close = rest.lastIndex(of: "]") else { return nil }
            let mode = rest[rest.index(after: rest.startIndex)..<close]
            let by = rest[close...].dropFirst().drop { $0 == " " }
            guard by.hasPrefix("by "), let name = nick(by.dropFirst(3).prefix { $0 != " " }) else { return nil }
            return SystemLine(nick: name, kind: .mode(String(mode), channel: channel))
        }
        let nickWord = text.prefix { $0 != " " }
        guard let name = nick(nickWord), !nickWord.isEmpty else { return nil }
        let rest = skipHost(text[nickWord.endIndex...].drop { $0 == " " })
        if rest.hasPrefix("has joined") {
            let (channel, _) = channelWord(rest.dropFirst("has joined".count).drop { $0 == " " })
            return SystemLine(nick: name, kind: .join(channel: channel))
        }
        if rest.hasPrefix("has left") || rest.hasPrefix("has parted") {
            let after = rest.drop { $0 != " " }.dropFirst().drop { $0 != " " }.drop { $0 == " " }
            let (channel, tail) = channelWord(after)
            return SystemLine(nick: name, kind: .part(channel: channel, reason: unwrap(skipHost(tail))))
        }
        if rest.hasPrefix("has quit") {
            var after = rest.dropFirst("has quit".count).drop { $0 == " " }
            if after.hasPrefix("IRC") { after = after.dropFirst(3).drop { $0 == " " } }
            return SystemLine(nick: name, kind: .quit(reason: unwrap(after)))
        }
        if rest.hasPrefix("is now known as ") {
            guard let new = nick(rest.dropFirst("is now known as ".count).prefix { $0 != " " }) else { return nil }
            return SystemLine(nick: name, kind: .nick(new: new))
        }
        for lead in ["sets mode: ", "sets mode "] where rest.hasPrefix(lead) {
            let mode = rest.dropFirst(lead.count)
            let (channel, after) = channelWord(mode)
            return SystemLine(nick: name, kind: .mode(String((channel == nil ? mode : after).trimmingCharacters(in: .whitespaces)), channel: channel))
        }
        if rest.hasPrefix("changes topic to ") {
            return SystemLine(nick: name, kind: .topic(unwrap(rest.dropFirst("changes topic to ".count)) ?? "", channel: nil))
        }
        if rest.hasPrefix("has changed the topic to: ") {
            return SystemLine(nick: name, kind: .topic(String(rest.dropFirst("has changed the topic to: ".count)), channel: nil))
        }
        if rest.hasPrefix("changed the topic of ") || rest.hasPrefix("has changed topic for ") {
            let (channel, after) = channelWord(rest.dropFirst(rest.hasPrefix("changed") ? "changed the topic of ".count : "has changed topic for ".count))
            // irssi `to: topic`; WeeChat `to "topic"` or `from "old" to "new"`.
            let topic: Substring
            if after.hasPrefix("to:") { topic = after.dropFirst(3) }
            else if after.hasPrefix("to ") { topic = after.dropFirst(3) }
            else if let range = after.range(of: "\" to \"") { topic = after[after.index(before: range.upperBound)...] }
            else { topic = after }
            return SystemLine(nick: name, kind: .topic(unwrap(topic) ?? "", channel: channel))
        }
        // HexChat's mode events in words: `bob gives channel operator status to ann`.
        if modeWords.contains(where: { rest.hasPrefix($0) }) {
            return SystemLine(nick: name, kind: .other(String(text)))
        }
        if rest.hasPrefix("was kicked ") {
            // ZNC and Limnoria `was kicked by y (reason)`, irssi `was kicked from #chan by y [reason]`.
            var after = rest.dropFirst("was kicked ".count)
            if after.hasPrefix("from ") { after = channelWord(after.dropFirst(5)).1 }
            guard after.hasPrefix("by ") else { return nil }
            after = after.dropFirst(3)
            let byWord = after.prefix { $0 != " " }
            guard let by = nick(byWord) else { return nil }
            return SystemLine(nick: name, kind: .kicked(by: by, reason: unwrap(after[byWord.endIndex...])))
        }
        if rest.hasPrefix("has kicked ") {
            // HexChat `y has kicked x from #chan (reason)`, WeeChat `y has kicked x (reason)`.
            var after = rest.dropFirst("has kicked ".count)
            let victimWord = after.prefix { $0 != " " }
            guard let victim = nick(victimWord) else { return nil }
            after = after[victimWord.endIndex...].drop { $0 == " " }
            if after.hasPrefix("from ") { after = channelWord(after.dropFirst(5)).1 }
            return SystemLine(nick: victim, kind: .kicked(by: name, reason: unwrap(after)))
        }
        return nil
    }
}
