import Foundation

/// A WhatsApp chat as "Export chat" writes it: the text alone (`WhatsApp Chat with X.txt`
/// on Android, `_chat.txt` on iOS), or the zip or folder that holds it beside its media.
/// Every message starts a line with its date and time, in the phone's locale:
///
///     12/31/21, 9:05 PM - Ana: text               Android, month first, 12-hour clock
///     31/12/2021, 21:05 - Ana: text               Android, day first
///     31.12.21, 21:05 - Ana: text                 Android, German
///     2021-12-31, 21:05 - Ana: text               Android, year first
///     [31/12/2021, 21:05:33] Ana: text            iOS
///     [12/31/21, 9:05:33 PM] Ana: text            iOS, month first
///     [31.12.21 21:05:33] Ana: text               iOS, German
///     [31.12.2021 klo 21.05.33] Ana: text         iOS, Finnish
///
/// Lines without a date continue the message before. A line with no `Name: ` is a system
/// event (`Ana added Ben`). Whether dates are day or month first is decided once for the
/// whole file, never line by line. Times are naive: read in the site's time zone.
enum WhatsAppReader: FormatReader {
    static let format = SourceFormat.whatsapp
    static let platform = "whatsapp"
    /// What a message body keeps, at most: a pasted novel is cut with a warning.
    static let bodyLimit = 1 << 20

    // MARK: Registry

    /// An unzipped export: iOS's `_chat.txt`, or one Android `WhatsApp Chat with X.txt`
    /// beside files named as WhatsApp names media.
    static func claimsFolder(_ names: [String]) -> Bool {
        if names.contains("_chat.txt") { return true }
        let chats = names.filter { $0.lowercased().hasSuffix(".txt") && $0.lowercased().contains("whatsapp") }
        return chats.count == 1 && names.contains(where: isMediaName)
    }

    /// `IMG-20211231-WA0001.jpg` (Android) or `00000012-PHOTO-2021-12-31-21-05-33.jpg` (iOS).
    static func isMediaName(_ name: String) -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count >= 3 else { return false }
        if ["IMG", "VID", "PTT", "AUD", "STK", "DOC"].contains(parts[0]), parts[1].count == 8, parts[1].allSatisfy(\.isASCII),
           parts[1].allSatisfy(\.isNumber), parts[2].hasPrefix("WA") {
            return true
        }
        return parts[0].count == 8 && parts[0].allSatisfy { $0.isASCII && $0.isNumber }
            && ["PHOTO", "VIDEO", "AUDIO", "STICKER", "GIF", "DOCUMENT", "CONTACT"].contains(String(parts[1]))
    }


    static func confidence(_ source: Source, settings: ReadSettings) -> Int {
        switch source.kind {
        case .file: source.files.first.map { looksLikeChat($0.text) } == true ? 85 : 0
        case .folder, .zip: chatFiles(in: source).isEmpty ? 0 : 90
        }
    }

    /// The text files of a zip or folder that are chats (normally one).
    static func chatFiles(in source: Source) -> [SourceFile] {
        source.files.filter { ($0.path as NSString).pathExtension.lowercased() == "txt" && looksLikeChat($0.text) }
    }

    /// The first non-blank line starts with a WhatsApp date and time, and at least one in five
    /// of the first lines with one go on with `Name: `. Only the head is looked at.
    static func looksLikeChat(_ text: String) -> Bool {
        let head = TextLog.lines(String(text.prefix(32_768))).prefix(200)
        var stamps = 0, messages = 0, first = true
        for line in head where !line.text.allSatisfy(\.isWhitespace) {
            guard let (stamp, body) = parseStamp(line.text), stamp.isDistinctive else {
                if first { return false }
                continue
            }
            first = false
            stamps += 1
            if let name = nameCandidates(body).first, let lead = name.unicodeScalars.first, !"<*-#([".unicodeScalars.contains(lead) {
                messages += 1
            }
        }
        // A group's export opens with system lines (created, added…): one message in five will do.
        return messages >= 1 && messages * 5 >= stamps
    }


    static func read(_ source: Source, settings: ReadSettings) -> (chats: [RawChat], diagnostics: [Diagnostic]) {
        let files = source.kind == .file ? Array(source.files.prefix(1)) : chatFiles(in: source)
        guard !files.isEmpty else {
            return ([], [.warning(SourceLocation(file: source.path), "no WhatsApp chat text in it; skipped")])
        }
        var chats: [RawChat] = [], diagnostics: [Diagnostic] = []
        for file in files {
            let root = source.kind == .file ? "" : (source.name(of: file) as NSString).deletingLastPathComponent
            var reader = ChatReader(file: file, root: root, named: chatName(file: file, source: source), settings: settings)
            if let conversation = reader.read() { chats.append(.conversation(conversation)) }
            diagnostics += reader.diagnostics
        }
        return (chats, diagnostics)
    }

    // MARK: Chat names

    /// The chat's name from its file (`WhatsApp Chat with Ana.txt`), else from the zip or
    /// folder holding `_chat.txt` (`WhatsApp Chat - Family.zip`); nil when neither names it.
    static func chatName(file: SourceFile, source: Source) -> String? {
        let stem = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
        if let name = nameAfterWhatsApp(stem) { return name }
        let folders = (file.path as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
        // `content/` itself names nothing.
        guard let folder = folders.last, folders.count > 1 else { return nil }
        let bare = folder.lowercased().hasSuffix(".zip") ? String(folder.dropLast(4)) : folder
        return nameAfterWhatsApp(bare) ?? (bare.isEmpty ? nil : bare)
    }

    /// `Ana` in `WhatsApp Chat with Ana`, `WhatsApp Chat - Ana`, `WhatsApp-Chat mit Ana`,
    /// `Chat de WhatsApp con Ana`, `Conversa do WhatsApp com Ana (1)`.
    static func nameAfterWhatsApp(_ stem: String) -> String? {
        guard let range = stem.range(of: "WhatsApp", options: .caseInsensitive) else { return nil }
        var words = stem[range.upperBound...].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = words.first, ["chat", "-chat"].contains(first.lowercased()) { words.removeFirst() }
        if let first = words.first, ["-", "–", "with", "mit", "con", "com", "avec", "met", "med", "z", "ile"].contains(first.lowercased()) {
            words.removeFirst()
        }
        // A second export of one chat: `… (1)`.
        if let last = words.last, last.count >= 3, last.hasPrefix("("), last.hasSuffix(")"), last.dropFirst().dropLast().allSatisfy(\.isNumber) {
            words.removeLast()
        }
        let name = words.joined(separator: " ")
        return name.isEmpty ? nil : name
    }

    // MARK: Line parsing

    enum Style: Sendable, Equatable {
        /// `date, time - ` (Android).
        case android
        /// `[date, time] ` (iOS).
        case ios
        /// `date, time: ` (early iOS, no brackets).
        case iosPlain
    }

    enum Meridiem: Sendable, Equatable { case am, pm }

    /// A line's date and time as written: the three date numbers are read once the whole
    /// file says which order they are in.
    struct Stamp: Sendable, Equatable {
        var style: Style
        var first: Int
        var second: Int
        var third: Int
        /// Digits of the first number: four means year first.
        var firstDigits: Int
        var thirdDigits: Int
        var hour: Int
        var minute: Int
        var second_: Int?
        var meridiem: Meridiem?
        /// A comma after the date (`31/12/2021, 21:05`).
        var comma: Bool

        var isYearFirst: Bool { firstDigits == 4 }

        /// Shapes no other text log writes: Android's ` - ` after the time, or iOS's brackets
        /// with seconds or a comma (DiscordChatExporter's `[2/14/2015 10:00 AM]` has neither).
        /// Early iOS without brackets wrote seconds, then `: `, after a comma or after a
        /// day-first or month-first date (`09/12/2012 17:03:48: Ana: text`); a year-first
        /// date without a comma is any program's log.
        var isDistinctive: Bool {
            switch style {
            case .android: true
            case .ios: second_ != nil || comma
            case .iosPlain: second_ != nil && (comma || !isYearFirst)
            }
        }

        /// Seconds after midnight, or nil for a time no clock shows.
        var seconds: Int? {
            guard (0...59).contains(minute), (0...59).contains(second_ ?? 0) else { return nil }
            var h = hour
            if let meridiem {
                guard (1...12).contains(hour) else { return nil }
                h = (hour % 12) + (meridiem == .pm ? 12 : 0)
            } else if !(0...23).contains(hour) {
                return nil
            }
            return h * 3600 + minute * 60 + (second_ ?? 0)
        }

        /// The date, read day first or month first; nil when it is no date.
        func date(dayFirst: Bool) -> LocalDate? {
            let (year, month, day): (Int, Int, Int)
            if isYearFirst {
                (year, month, day) = (first, second, third)
            } else {
                switch thirdDigits {
                case 2: year = 2000 + third
                case 4: year = third
                default: return nil
                }
                (month, day) = dayFirst ? (second, first) : (first, second)
            }
            guard (1...12).contains(month), day >= 1, day <= TextLog.daysIn(month: month, year: year) else { return nil }
            return LocalDate(year: year, month: month, day: day)
        }
    }

    /// Marks iOS puts before attachments and system lines, and Unicode's other direction marks.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar.value == 0xA0 || scalar.value == 0x202F || scalar.value == 0x2009
    }

    /// A cursor over a line's first scalars: the stamp is never longer than these.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func eat(_ scalar: Unicode.Scalar) -> Bool {
            guard current == scalar else { return false }
            index += 1
            return true
        }

        /// Up to `limit` ASCII digits.
        mutating func number(limit: Int) -> (value: Int, digits: Int)? {
            var value = 0, digits = 0
            while digits < limit, let scalar = current, scalar.isASCII, ("0"..."9").contains(scalar) {
                value = value * 10 + Int(scalar.value - 0x30)
                digits += 1
                index += 1
            }
            return digits > 0 ? (value, digits) : nil
        }

        @discardableResult mutating func spaces() -> Int {
            var count = 0
            while let scalar = current, WhatsAppReader.isSpace(scalar) { index += 1; count += 1 }
            return count
        }

        mutating func marks() { while let scalar = current, WhatsAppReader.isMark(scalar) { index += 1 } }

        /// `AM`, `pm`, `a.m.`, `p. m.`: a meridiem after the time, nothing taken when there is none.
        mutating func meridiem() -> Meridiem? {
            let start = index
            spaces()
            guard let letter = current.map({ Character($0).lowercased() }), letter == "a" || letter == "p" else { index = start; return nil }
            index += 1
            _ = eat(".")
            spaces()
            guard let m = current, m == "m" || m == "M" else { index = start; return nil }
            index += 1
            _ = eat(".")
            if let next = current, next.properties.isAlphabetic { index = start; return nil }
            return letter == "a" ? .am : .pm
        }
    }

    /// The date and time a line starts with, and the rest of the line; nil for any other line.
    static func parseStamp(_ line: Substring) -> (Stamp, Substring)? {
        var scan = Scanner(scalars: Array(line.unicodeScalars.prefix(64)))
        scan.marks()
        let bracket = scan.eat("[")
        scan.marks()
        guard let first = scan.number(limit: 4), let separator = scan.current, separator == "/" || separator == "." || separator == "-" else { return nil }
        scan.index += 1
        scan.spaces()
        guard let second = scan.number(limit: 2), scan.eat(separator) else { return nil }
        scan.spaces()
        guard let third = scan.number(limit: 4) else { return nil }
        if separator == "." { _ = scan.eat(".") }
        let comma = scan.eat(",")
        guard scan.spaces() > 0 || comma else { return nil }
        // Words between date and time: `klo`, `à`, `um`, and the CJK meridiems that come first.
        var words = String.UnicodeScalarView()
        while let scalar = scan.current, words.count < 10, scalar.properties.isAlphabetic || isSpace(scalar) || scalar == "." {
            words.append(scalar)
            scan.index += 1
        }
        let leading = String(words)
        var meridiem: Meridiem? = ["午後", "下午", "오후"].contains(where: leading.contains) ? .pm
            : ["午前", "上午", "오전"].contains(where: leading.contains) ? .am : nil
        if meridiem == nil, !leading.isEmpty, !leading.unicodeScalars.contains(where: isSpace) { return nil }
        guard let hour = scan.number(limit: 2), let timeSeparator = scan.current, timeSeparator == ":" || timeSeparator == "." else { return nil }
        scan.index += 1
        guard let minute = scan.number(limit: 2), minute.digits == 2 else { return nil }
        var seconds: Int?
        if scan.eat(timeSeparator) {
            guard let value = scan.number(limit: 2), value.digits == 2 else { return nil }
            seconds = value.value
        }
        if let written = scan.meridiem() { meridiem = written }
        let style: Style
        if bracket {
            guard scan.eat("]") else { return nil }
            scan.marks()
            guard scan.current == nil || scan.eat(" ") else { return nil }
            style = .ios
        } else if scan.spaces() > 0, scan.eat("-") || scan.eat("–") {
            guard scan.current == nil || scan.eat(" ") else { return nil }
            style = .android
        } else if scan.eat(":"), scan.eat(" ") {
            style = .iosPlain
        } else {
            return nil
        }
        scan.marks()
        let rest = Substring(line.unicodeScalars.dropFirst(scan.index))
        return (Stamp(style: style, first: first.value, second: second.value, third: third.value, firstDigits: first.digits,
                      thirdDigits: third.digits, hour: hour.value, minute: minute.value, second_: seconds, meridiem: meridiem,
                      comma: comma), rest)
    }

    /// The names a body may start with: what comes before each of its first `: ` (at most
    /// three, within its first 100 characters), shortest first.
    static func nameCandidates(_ body: Substring) -> [Substring] {
        var found: [Substring] = []
        var index = body.startIndex, seen = 0
        while index < body.endIndex, seen < 100, found.count < 3 {
            let next = body.index(after: index)
            if body[index] == ":", next < body.endIndex, body[next] == " " || body[next] == "\u{A0}" {
                let name = body[..<index]
                if !name.isEmpty, !name.allSatisfy(\.isWhitespace) { found.append(name) }
            }
            index = next
            seen += 1
        }
        return found
    }

    /// Phrases of system lines that may hold `: ` in their quoted part (a subject, a group's name).
    static let systemPhrases = [" created group ", " changed the subject ", " changed the group name", " changed this group's ", " changed the group description"]

    // MARK: One chat

    struct ChatReader {
        let file: SourceFile
        let root: String
        let named: String?
        let settings: ReadSettings
        private(set) var diagnostics: [Diagnostic] = []

        init(file: SourceFile, root: String, named: String?, settings: ReadSettings) {
            self.file = file
            self.root = root
            self.named = named
            self.settings = settings
        }

        /// A message as its lines are gathered.
        private struct Pending {
            var stamp: Stamp
            var line: Int
            var author: String?
            var lines: [Substring]
            var bytes: Int
            var cut = false
            /// The body starts with a left-to-right mark: iOS's attachments and system lines.
            var marked = false
        }

        /// What finishing messages learns about the whole chat.
        private struct FinishState {
            var subject: String?
            var authors = Set<String>()
            /// Who "wrote" the encryption notice: on iOS, the group, which also "writes" its system lines.
            var noticeAuthor: String?
            /// Messages of that author with a marked body, and whether it wrote any other.
            var markedByNoticeAuthor: [Int] = []
            var unmarked = Set<String>()
            /// People shown by their phone numbers (no contact on the exporting phone), as "Unknown number N".
            var phones: [String: String] = [:]
        }

        mutating func read() -> RawConversation? {
            let lines = TextLog.lines(file.text)
            var stamps: [Int: (Stamp, Substring)] = [:]
            var candidateCounts: [Substring: Int] = [:]
            for (index, line) in lines.enumerated() {
                guard let parsed = WhatsAppReader.parseStamp(line.text) else { continue }
                stamps[index] = parsed
                for name in WhatsAppReader.nameCandidates(parsed.1) { candidateCounts[name, default: 0] += 1 }
            }
            guard !stamps.isEmpty else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "no line starts with a WhatsApp date and time; skipped"))
                return nil
            }
            let dayFirst = order(stamps.sorted { $0.key < $1.key }.map(\.value.0))
            let androidCount = stamps.values.filter { $0.0.style == .android }.count
            let layout = androidCount * 2 >= stamps.count ? "WhatsApp Android" : "WhatsApp iOS"

            var events: [RawEvent] = []
            var pending: Pending?
            var state = FinishState()
            var skipping = false
            var bad: [Int] = []
            for (index, line) in lines.enumerated() {
                guard let (stamp, body) = stamps[index] else {
                    if skipping { continue }
                    if pending != nil {
                        append(line.text, to: &pending)
                    } else if !line.text.allSatisfy(\.isWhitespace) {
                        bad.append(line.number)
                    }
                    continue
                }
                if let done = pending { finish(done, dayFirst: dayFirst, into: &events, state: &state) }
                pending = nil
                guard stamp.date(dayFirst: dayFirst) != nil, stamp.seconds != nil else {
                    bad.append(line.number)
                    skipping = true
                    continue
                }
                skipping = false
                let author = Self.author(body, counts: candidateCounts)
                var text = author.map { body.dropFirst($0.count + 1).drop { $0 == " " || $0 == "\u{A0}" } } ?? body
                let cut = text.utf8.count > WhatsAppReader.bodyLimit
                if cut {
                    text = WhatsAppReader.cut(text)
                    diagnostics.append(.warning(SourceLocation(file: file.path, line: line.number), "message longer than 1 MB; the rest is left out"))
                }
                let marked = text.unicodeScalars.first.map(WhatsAppReader.isMark) ?? false
                pending = Pending(stamp: stamp, line: line.number, author: author.map(String.init), lines: [text], bytes: text.utf8.count,
                                  cut: cut, marked: marked)
            }
            if let done = pending { finish(done, dayFirst: dayFirst, into: &events, state: &state) }
            if let first = bad.first {
                diagnostics.append(.warning(SourceLocation(file: file.path, line: first),
                    "not a WhatsApp line (a date and time, then a name and text); skipped" + (bad.count > 1 ? ", and \(Wording.plural(bad.count - 1, "more line")) like it" : "")))
            }
            // iOS writes a group's system lines as the group's messages (`Family: ‎Ana added Ben`),
            // marked, like the encryption notice: they are system events when the group wrote nothing else.
            if let group = state.noticeAuthor, !state.unmarked.contains(group) {
                for index in state.markedByNoticeAuthor {
                    events[index].kind = .system
                    events[index].author = nil
                    events[index].authorName = nil
                    if let named = WhatsAppReader.subject(events[index].text) { state.subject = named }
                }
                state.authors.remove(group)
            }
            let subject = state.subject
            // A system line names its actor first: the longest author's name it starts with.
            let byLength = state.authors.sorted { ($0.count, $0) > ($1.count, $1) }
            for index in events.indices where events[index].kind == .system && events[index].author == nil {
                let text = events[index].text
                if let name = byLength.first(where: { text.hasPrefix($0 + " ") }) { events[index].author = .name(name) }
            }
            guard !events.isEmpty else {
                diagnostics.append(.warning(SourceLocation(file: file.path), "no WhatsApp messages in it; skipped"))
                return nil
            }
            let stem = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            let name = named ?? subject ?? (stem == "_chat" ? "WhatsApp chat" : stem)
            // A one-to-one chat is private, told only where the export shows it: iOS writes the
            // encryption notice as the other person's message (a group's as the group's, which
            // writes nothing else), and some system lines are a one-to-one chat's. Never with
            // more than two people writing or a group's own lines (created, added, left…). An
            // Android export of a one-to-one chat without such a line reads as a group's.
            let systemTexts = events.filter { $0.kind == .system }.map(\.text)
            let writers = Set(events.compactMap { $0.kind == .system ? nil : $0.author })
            let isPrivate = (state.noticeAuthor.map(state.unmarked.contains) == true
                             || systemTexts.contains { text in WhatsAppReader.oneToOnePhrases.contains(where: text.contains) })
                && writers.count <= 2 && !systemTexts.contains { text in WhatsAppReader.groupPhrases.contains(where: text.contains) }
            return RawConversation(format: .whatsapp, channel: RawChannel(platform: WhatsAppReader.platform, name: name),
                                   events: events, source: SourceLocation(file: file.path),
                                   note: ReadingNote(layout: layout, dates: .lines, timeZone: settings.zoneName), isPrivate: isPrivate)
        }

        /// The author a body starts with: the first `Name: `, unless a longer candidate is a
        /// name seen as often (a name holding `: `); nil for a system line.
        private static func author(_ body: Substring, counts: [Substring: Int]) -> Substring? {
            let candidates = WhatsAppReader.nameCandidates(body)
            guard let shortest = candidates.first else { return nil }
            if WhatsAppReader.systemPhrases.contains(where: { shortest.contains($0) }) { return nil }
            let base = counts[shortest] ?? 0
            return candidates.last { (counts[$0] ?? 0) >= max(base, 2) } ?? shortest
        }

        private mutating func append(_ line: Substring, to pending: inout Pending?) {
            // Changed where it is: a copy held here would make each append copy every line so far.
            guard let (cut, start) = pending.map({ ($0.cut, $0.line) }), !cut else { return }
            pending!.bytes += line.utf8.count + 1
            if pending!.bytes > WhatsAppReader.bodyLimit {
                pending!.cut = true
                diagnostics.append(.warning(SourceLocation(file: file.path, line: start), "message longer than 1 MB; the rest is left out"))
            } else {
                pending!.lines.append(line)
            }
        }

        /// Day first or month first for the whole file: a number above 12 says which; else
        /// the order that keeps dates going forward; else a guess, said in a warning.
        private mutating func order(_ stamps: [Stamp]) -> Bool {
            // A line with no date either way (`13/45/21`) is a bad line, not evidence.
            let dated = stamps.filter { !$0.isYearFirst && $0.seconds != nil && ($0.date(dayFirst: true) != nil || $0.date(dayFirst: false) != nil) }
            let dayEvidence = dated.filter { $0.first > 12 }.count, monthEvidence = dated.filter { $0.second > 12 }.count
            if dayEvidence > 0 || monthEvidence > 0 {
                if dayEvidence > 0, monthEvidence > 0 {
                    diagnostics.append(.warning(SourceLocation(file: file.path),
                        "dates are written both day first and month first; read \(dayEvidence >= monthEvidence ? "day" : "month") first, as most are"))
                }
                return dayEvidence >= monthEvidence
            }
            guard !dated.isEmpty else { return true }
            func backwards(_ dayFirst: Bool) -> Int {
                var count = 0, last: Int?
                for stamp in dated {
                    guard let date = stamp.date(dayFirst: dayFirst) else { continue }
                    let day = TimeText.daysSinceEpoch(date)
                    if let last, day < last { count += 1 }
                    last = day
                }
                return count
            }
            let dayBack = backwards(true), monthBack = backwards(false)
            if dayBack != monthBack { return dayBack < monthBack }
            let twelveHour = dated.contains { $0.meridiem != nil }
            diagnostics.append(.warning(SourceLocation(file: file.path),
                "its dates (such as \(dated[0].first)/\(dated[0].second)) read the same day first or month first; read "
                + (twelveHour ? "month first, as phones with a 12-hour clock write them" : "day first, as phones with a 24-hour clock mostly write them")))
            return !twelveHour
        }

        private func finish(_ message: Pending, dayFirst: Bool, into events: inout [RawEvent], state: inout FinishState) {
            guard let date = message.stamp.date(dayFirst: dayFirst), let seconds = message.stamp.seconds else { return }
            let time = TextLog.instant(date, seconds: Double(seconds), in: settings.timeZone)
            let location = SourceLocation(file: file.path, line: message.line)
            let text = WhatsAppReader.unmarked(message.lines.joined(separator: "\n"))
            let author = message.author.map { WhatsAppReader.unmarked($0) }.flatMap { $0.isEmpty ? nil : $0 }
                .map { TextLogNames.safe($0, phones: &state.phones, label: WhatsAppReader.numberLabel) }
            // The encryption notice opens every export and says nothing of the chat.
            // (iOS writes it marked, as a message of the group or of the other person.)
            if (text.contains("end-to-end encrypt") && text.utf8.count < 400 && (author == nil || message.marked)) || (author == nil && text.isEmpty) {
                if state.noticeAuthor == nil { state.noticeAuthor = author }
                return
            }
            guard let author else {
                if let named = WhatsAppReader.subject(text) { state.subject = named }
                events.append(RawEvent(kind: .system, time: time, text: text, location: location))
                return
            }
            // Isolates stay until mentions are read: `@⁨Ana Lima⁩` marks where a name ends.
            var body = WhatsAppReader.unmarked(message.lines.joined(separator: "\n"), keepingIsolates: true)
            if body == "null" { return }
            if WhatsAppReader.calls.contains(body) {
                events.append(RawEvent(kind: .system, author: .name(author), authorName: author, time: time, text: "\(author): \(body)", location: location))
                state.authors.insert(author)
                return
            }
            var isEdited = false
            for suffix in WhatsAppReader.editedSuffixes where body.hasSuffix(suffix) {
                body = String(body.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
                isEdited = true
                break
            }
            var attachments: [RawAttachment] = []
            let firstEnd = body.firstIndex(of: "\n") ?? body.endIndex
            if let attachment = WhatsAppReader.attachment(body[..<firstEnd], root: root) {
                attachments.append(attachment)
                body = String(body[firstEnd...].drop { $0 == "\n" })
            }
            // iOS writes a one-to-one chat's system lines as the other person's, marked.
            if message.marked, attachments.isEmpty, WhatsAppReader.markedSystemPhrases.contains(where: text.contains) {
                events.append(RawEvent(kind: .system, time: time, text: text, location: location))
                return
            }
            state.authors.insert(author)
            if message.marked, attachments.isEmpty, author == state.noticeAuthor {
                state.markedByNoticeAuthor.append(events.count)
            } else {
                state.unmarked.insert(author)
            }
            let marked = InlineMarkup.apply(WhatsAppReader.mentions(body, phones: &state.phones), WhatsAppReader.markup)
            events.append(RawEvent(author: .name(author), authorName: author, time: time, text: marked.text, marks: marked.marks,
                                   attachments: attachments, isEdited: isEdited, location: location))
        }
    }

    // MARK: Bodies

    /// The first `bodyLimit` bytes of a text, ending between two characters' scalars.
    /// WhatsApp's formatting: `*bold*`, `_italic_`, `~strike~`, ```` ```monospace``` ````, and
    /// (since 2024) `` `code` `` and `> quote`.
    static let markup = InlineMarkup.Dialect(
        delimiters: ["*": [1: [.bold]], "_": [1: [.italic]], "~": [1: [.strike]]],
        codeNeedsBoundary: true, codeSpacePadding: false, fences: .anywhere, fenceLanguage: false,
        quotes: true, quoteNeedsSpace: true, quoteIndent: false, quoteRest: false, escapes: false)

    static func cut(_ text: Substring) -> Substring { TextLog.prefix(text, bytes: bodyLimit) }

    /// Direction marks and isolates out: iOS writes them around names and attachments.
    static func unmarked(_ text: String, keepingIsolates: Bool = false) -> String {
        func dropped(_ scalar: Unicode.Scalar) -> Bool { isMark(scalar) && !(keepingIsolates && (scalar.value == 0x2068 || scalar.value == 0x2069)) }
        guard text.unicodeScalars.contains(where: dropped) else { return text.trimmingCharacters(in: .whitespaces) }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !dropped($0) })
        return String(scalars).trimmingCharacters(in: .whitespaces)
    }

    /// Mentions as newer exports write them, the name between isolates (`@⁨Ana Lima⁩`,
    /// `@⁨~Ana⁩` for someone not in the phone's contacts), marked as that person by name;
    /// the isolates themselves out.
    static func mentions(_ text: String, phones: inout [String: String]) -> MarkedText {
        guard text.unicodeScalars.contains(where: { $0.value == 0x2068 }) else { return MarkedText(text: text, marks: []) }
        var marked = MarkedText()
        var plain = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if scalar == "@", scalars.first?.value == 0x2068,
               let close = scalars.prefix(102).firstIndex(where: { $0.value == 0x2069 }) {
                var name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                if name.hasPrefix("~") { name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces) }
                name = TextLogNames.safe(name, phones: &phones, label: numberLabel)
                scalars = scalars[scalars.index(after: close)...]
                if name.isEmpty { continue }
                marked.append(String(plain))
                plain = String.UnicodeScalarView()
                marked.append("@" + name, .mention(name.lowercased()))
                continue
            }
            if scalar.value != 0x2068, scalar.value != 0x2069 { plain.append(scalar) }
        }
        marked.append(String(plain))
        return marked
    }

    /// System lines only a one-to-one chat has (a group's say "Ana's security code changed").
    static let oneToOnePhrases = ["Your security code with ", "You blocked this contact", "You unblocked this contact", "This chat is with a business account"]
    /// System lines only a group has.
    static let groupPhrases = [
        " created group ", "created group ", " added ", " removed ", " left", " joined using this group's invite link",
        " changed the subject ", " changed this group's ", " changed the group ", "You joined", "You were added",
    ]
        /// How a person WhatsApp names by their phone number is shown instead.
    static let numberLabel = "Unknown number"

    /// System lines iOS writes as someone's marked message: told apart by their words.
    static let markedSystemPhrases = [
        "Your security code with ", "security code changed", "changed their phone number", "disappearing messages",
        "You blocked this contact", "You unblocked this contact", "This chat is with a business account",
        "changed the group description", "changed this group's icon", "created group ", "changed the subject ",
        " joined using this group's invite link",
    ]
    static let editedSuffixes = ["<This message was edited>", "<Diese Nachricht wurde bearbeitet>", "<Se editó este mensaje.>", "<Mensaje editado>"]
    static let calls: Set<String> = ["Missed voice call", "Missed video call", "Missed group voice call", "Missed group video call"]

    /// Android's placeholder for media left out of an export "Without media", in a few languages.
    static let omittedMedia: Set<String> = [
        "<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>", "<Médias omis>", "<Mídia oculta>",
        "<Media weggelaten>", "<Media omessi>", "<Medya dahil edilmedi>",
    ]
    /// iOS's placeholders, `image omitted`: the kind of file left out.
    static let omittedKinds: [String: String] = [
        "image omitted": "image", "video omitted": "video", "audio omitted": "audio", "sticker omitted": "sticker",
        "document omitted": "document", "GIF omitted": "GIF", "Contact card omitted": "contact card",
    ]

    /// An attachment's line: a placeholder for media left out, Android's `IMG-….jpg (file
    /// attached)` or iOS's `<attached: 00000012-PHOTO-….jpg>`; its `path` is the file's place
    /// in the zip or folder (the registry keeps it only when the file is there).
    static func attachment(_ line: Substring, root: String) -> RawAttachment? {
        let line = line.trimmingCharacters(in: .whitespaces)
        if omittedMedia.contains(line) { return RawAttachment(name: "media") }
        if let kind = omittedKinds[line] { return RawAttachment(name: kind, type: kind.lowercased()) }
        // `Report.pdf • 3 pages document omitted`
        if line.hasSuffix(" document omitted") {
            let name = line.dropLast(" document omitted".count).split(separator: "•").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return RawAttachment(name: name.isEmpty ? "document" : name, type: "document")
        }
        var name: String?
        // iOS writes a document's name and pages before the reference: `Report • 2 pages <attached: 00000001-Report.pdf>`.
        let open = line.hasSuffix(">") ? line.range(of: "<", options: .backwards).map(\.lowerBound) : nil
        if let open, open == line.startIndex || line[..<open].contains("•"),
           let colon = line[open...].firstIndex(of: ":") {
            // `<attached: x.jpg>`, `<Anhang: x.jpg>`, `< attached: x.jpg >`, `<pièce jointe : x.jpg>`:
            // a word or two, a colon, a file name.
            let label = line[line.index(after: open)..<colon].trimmingCharacters(in: .whitespaces)
            if !label.isEmpty, label.count <= 20, label.split(separator: " ").count <= 2 {
                name = line[line.index(after: colon)..<line.index(before: line.endIndex)].trimmingCharacters(in: .whitespaces)
            }
        } else if line.hasSuffix(")"), let open = line.range(of: " (", options: .backwards) {
            // `IMG-20211231-WA0001.jpg (file attached)`, `(Datei angehängt)`, `(archivo adjunto)`.
            let file = String(line[..<open.lowerBound]), note = line[open.upperBound...].dropLast().lowercased()
            let attachedWords = ["file attached", "datei angehängt", "archivo adjunto", "fichier joint", "arquivo anexado", "file allegato", "bestand bijgevoegd"]
            if attachedWords.contains(note) || (isMediaName(file) && note.count <= 30) { name = file }
        }
        guard let name, !name.isEmpty, name.count <= 255, !name.contains("/"), !(name as NSString).pathExtension.isEmpty else { return nil }
        let type = mediaType(name)
        return RawAttachment(name: name, type: type, path: root.isEmpty ? name : root + "/" + name)
    }

    static func mediaType(_ name: String) -> String? {
        switch (name as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg", "png", "heic", "gif": "image"
        case "webp": name.hasPrefix("STK-") || name.contains("-STICKER-") ? "sticker" : "image"
        case "mp4", "3gp", "mov", "m4v": "video"
        case "opus", "m4a", "aac", "mp3", "ogg", "amr", "wav": "audio"
        case "vcf": "contact card"
        default: "document"
        }
    }

    /// The group's name a system line gives: `X created group "Name"`, `X changed the subject from "A" to "B"`.
    static func subject(_ text: String) -> String? {
        var named: Substring?
        if let range = text.range(of: " created group ") {
            named = text[range.upperBound...]
        } else if let range = text.range(of: " changed the subject "), let to = text.range(of: " to ", options: .backwards, range: range.upperBound..<text.endIndex) {
            named = text[to.upperBound...]
        } else if text.hasPrefix("created group ") {
            named = text.dropFirst("created group ".count)
        }
        guard var name = named?.trimmingCharacters(in: .whitespaces) else { return nil }
        for (open, close) in [("\"", "\""), ("“", "”")] where name.hasPrefix(open) && name.hasSuffix(close) && name.count >= 2 {
            name = String(name.dropFirst().dropLast())
        }
        return name.isEmpty ? nil : name
    }
}
