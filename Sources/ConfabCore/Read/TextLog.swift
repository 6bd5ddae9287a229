import Foundation

/// What the readers of text logs need from `site.yaml`: logs write naive times and
/// often no dates, and some layouts are described there rather than built in.
public struct ReadSettings: Sendable, Equatable {
    /// Naive times in every source are read in this zone, with its daylight-saving rules.
    public var timeZone: TimeZone
    /// Line layouts described under `formats:`.
    public var formats: [LineFormat]
    /// `dates:` in `site.yaml`: a file (its path under `content/`, or its name) → the day its log starts.
    public var dates: [String: LocalDate]
    /// The zone's name as the settings write it (Foundation on Linux calls UTC `GMT`).
    public var zoneName: String { timeZone.identifier == "GMT" ? "UTC" : timeZone.identifier }

    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, formats: [LineFormat] = [], dates: [String: LocalDate] = [:]) {
        self.timeZone = timeZone
        self.formats = formats
        self.dates = dates
    }

    public init(_ config: SiteConfig) {
        self.init(timeZone: TimeZone(identifier: config.timeZone) ?? TimeZone(identifier: "UTC")!, formats: config.formats,
                  dates: config.logDates)
    }

    /// The day of a log's lines that write none: its path's (name, then folders), else `dates:`'s.
    public func fileDate(for path: String) -> (LocalDate, DateSource)? {
        TextLog.date(fromPath: path) ?? date(for: path).map { ($0, .settings) }
    }

    /// The day `dates:` gives the file at `path` (`content/logs/x.log`), by its path under `content/` or its name.
    public func date(for path: String) -> LocalDate? {
        let relative = Source.underContent(path)
        return dates[relative] ?? dates[(path as NSString).lastPathComponent]
    }
}

/// Where a text log's days came from, as `confab check` says it.
public enum DateSource: Sendable, Hashable, CustomStringConvertible {
    /// Every line, or its blocks, carries its date.
    case lines
    /// Header lines: `--- Log opened Sat Feb 14 00:00:00 2015`, `--- Day changed …`, `**** BEGIN LOGGING AT …`.
    case header
    /// The file's name (`2016-08-10.log`, `#chan_20160810.log`).
    case fileName(String)
    /// A folder the file is in (`2020/10/04.log`, Zoom's `2020-09-15 10.00.00 Topic/`).
    case folder(String)
    /// `dates:` in `site.yaml`.
    case settings
    /// Nothing gave one: the messages are kept in order under the file's name.
    case none

    public var description: String {
        switch self {
        case .lines: "dates on its lines"
        case .header: "dates from its header lines"
        case .fileName(let name): "date from the file name '\(name)'"
        case .folder(let name): "date from the folder '\(name)'"
        case .settings: "date from 'dates' in site.yaml"
        case .none: "no date found"
        }
    }
}

/// What `confab check` says about how a source was read: the layout within its format, where
/// its dates came from, and the zone its naive times were read in.
public struct ReadingNote: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `irssi`, `WeeChat`, `Android`, `DiscordChatExporter CSV`, a described layout's name.
    public var layout: String
    public var dates: DateSource
    /// The zone naive times were read in; nil when the log writes instants (UTC, or with offsets).
    public var timeZone: String?

    public init(layout: String, dates: DateSource, timeZone: String?) {
        self.layout = layout
        self.dates = dates
        self.timeZone = timeZone
    }

    public var description: String {
        "\(layout) layout, \(dates), " + (timeZone.map { "times read in \($0)" } ?? "times with their zone")
    }
}

/// A line of a text log: its number in the file and its text, without its line end.
public struct LogLine: Sendable, Equatable {
    public var number: Int
    public var text: Substring
}

/// What every reader of a text log shares: lines, control bytes, dates from names, naive times.
public enum TextLog {
    /// The lines of a log. LF and CRLF end lines; a bare CR ends one only in a file with no
    /// LF at all (old Mac logs); elsewhere it is inside a message and stays in its line.
    public static func lines(_ text: String) -> [LogLine] {
        let utf8 = text.utf8
        let crEnds = !utf8.contains(0x0A)
        var lines: [LogLine] = []
        var start = utf8.startIndex, index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x0A || (crEnds && byte == 0x0D) else { utf8.formIndex(after: &index); continue }
            var end = index
            if byte == 0x0A, end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
            lines.append(LogLine(number: lines.count + 1, text: text[start..<end]))
            utf8.formIndex(after: &index)
            start = index
        }
        if start < utf8.endIndex { lines.append(LogLine(number: lines.count + 1, text: text[start...])) }
        return lines
    }

    /// The text of a message's line: mIRC colour and formatting codes removed (`\u{3}04,01`
    /// colours, bold, italic, underline, reverse, reset, monospace), a bare CR made a line break.
    public static func clean<S: StringProtocol>(_ text: S) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 }) else { return String(text) }
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar.value {
            case 0x03:
                // Colour: up to two digits, then optionally a comma and up to two more.
                var digits = 0
                while digits < 2, let next = scalars.first, next.properties.numericType != nil, next.isASCII { scalars.removeFirst(); digits += 1 }
                if digits > 0, scalars.first == ",", scalars.dropFirst().first.map({ $0.isASCII && $0.properties.numericType != nil }) == true {
                    scalars.removeFirst()
                    var more = 0
                    while more < 2, let next = scalars.first, next.isASCII, next.properties.numericType != nil { scalars.removeFirst(); more += 1 }
                }
            case 0x04:
                // Hex colour: six hex digits, optionally a comma and six more.
                let hex = scalars.prefix(6).filter { $0.isASCII && $0.properties.isASCIIHexDigit }
                if hex.count == 6 { scalars.removeFirst(6) }
            case 0x02, 0x0F, 0x11, 0x16, 0x1D, 0x1E, 0x1F: break
            case 0x0D: out.append("\n")
            case 0x09, 0x0A: out.append(scalar)
            case 0..<0x20: break
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A log pasted into a Markdown or wiki page: the text of its fenced (``` or ~~~) or
    /// indented (four spaces, a tab, or MediaWiki's one space) code blocks, their indent
    /// removed, every other line left blank so line numbers stay the file's. Nil when the
    /// text has no code block of three lines or more.
    public static func codeBlocks(_ text: String) -> String? {
        let lines = lines(text)
        var kept = [Substring](repeating: "", count: lines.count)
        var fence: Substring?, found = 0
        for (index, line) in lines.enumerated() {
            let trimmed = line.text.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil } else { kept[index] = line.text; found += 1 }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
            }
        }
        if found >= 3 { return kept.joined(separator: "\n") }
        // Indented blocks: the indent that most non-blank indented lines share.
        for indent in ["    ", "\t", " "] {
            kept = lines.map { $0.text.hasPrefix(indent) ? $0.text.dropFirst(indent.count) : "" }
            if kept.filter({ !$0.allSatisfy(\.isWhitespace) }).count >= 3 { return kept.joined(separator: "\n") }
        }
        return nil
    }

    /// The day of a log that nothing dates: its messages keep their order, as one session.
    public static let undatedDay = LocalDate(year: 1970, month: 1, day: 1)

    /// What is said of a log that nothing dates.
    public static func undated(_ path: String) -> Diagnostic {
        .warning(SourceLocation(file: path), "no date in \(path): not on its lines, in a header, its name or folder, nor in 'dates' of site.yaml; its messages are kept in order as one session")
    }

    /// The instant of a naive date and time read in `zone`, with its daylight-saving rules:
    /// a time in the hour skipped in spring is read with the offset before the change.
    public static func instant(_ date: LocalDate, seconds: Double, in zone: TimeZone) -> Date {
        let naive = Double(TimeText.daysSinceEpoch(date)) * 86400 + seconds
        let first = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive)))
        let second = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: naive - first)))
        return Date(timeIntervalSince1970: naive - second)
    }

    /// The days of `month` in `year` (Gregorian leap years).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// At most `bytes` UTF-8 bytes of `text`, never cutting a scalar in two: how every
    /// reader caps a message body (1 MB) without walking it.
    public static func prefix(_ text: String, bytes: Int) -> Substring { prefix(text[...], bytes: bytes) }

    public static func prefix(_ text: Substring, bytes: Int) -> Substring {
        let utf8 = text.utf8
        guard bytes > 0 else { return text[text.startIndex..<text.startIndex] }
        guard var end = utf8.index(utf8.startIndex, offsetBy: bytes, limitedBy: utf8.endIndex) else { return text }
        while end > utf8.startIndex, end < utf8.endIndex, UTF8.isContinuation(utf8[end]) { utf8.formIndex(before: &end) }
        return text[..<end]
    }

    /// Lines of one kind of problem as one warning: at the first, with how many more.
    public static func collapsed(_ lines: [Int], file: String, _ message: String) -> Diagnostic? {
        guard let first = lines.first else { return nil }
        let more = lines.count > 1 ? " (and \(lines.count - 1) more lines)" : ""
        return .warning(SourceLocation(file: file, line: first), message + more)
    }

    /// The local date of an instant in `zone`.
    public static func localDate(_ instant: Date, in zone: TimeZone) -> LocalDate {
        TimeText.localDate(instant, offsetMinutes: zone.secondsFromGMT(for: instant) / 60)
    }

    /// The date a log's path names, and where: its file name first (`2016-08-10.log`,
    /// `#chan_20160810.log`, `chan.2016-08-10.txt`), then its folders (`2016/08/10.log`,
    /// `2016-08/10.log`, Zoom's `2020-09-15 10.00.00 Topic`).
    public static func date(fromPath path: String) -> (LocalDate, DateSource)? {
        let components = path.split(separator: "/").map(String.init)
        guard let name = components.last else { return nil }
        if let date = date(inName: (name as NSString).deletingPathExtension) { return (date, .fileName(name)) }
        let folders = components.dropLast()
        // Year, month and day as folders and file name: 2016/08/10.log, 2016-08/10.log.
        if let day = Int((name as NSString).deletingPathExtension), (1...31).contains(day), let parent = folders.last {
            if let month = Int(parent), (1...12).contains(month), folders.count >= 2, let year = Int(folders[folders.count - 2]),
               (1970...2200).contains(year) {
                return (LocalDate(year: year, month: month, day: day), .folder(folders.suffix(2).joined(separator: "/")))
            }
            let parts = parent.split(separator: "-")
            if parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1970...2200).contains(year), (1...12).contains(month) {
                return (LocalDate(year: year, month: month, day: day), .folder(parent))
            }
        }
        for folder in folders.reversed() {
            if let date = date(inName: folder) { return (date, .folder(folder)) }
        }
        return nil
    }

    /// The channel a log's path names: the file's name, else a folder's, without dates
    /// (`#chan_20160810.log` → `#chan`, `teeworlds/2015-02-14.log` → `teeworlds`).
    static func channelName(fromPath path: String) -> String {
        var components = path.split(separator: "/").map(String.init)
        if components.first == "content" { components.removeFirst() }
        for (index, component) in components.enumerated().reversed() {
            let base = index == components.count - 1 ? (component as NSString).deletingPathExtension : component
            var name = base
            while let date = dateRange(in: name) { name.removeSubrange(date) }
            name = name.trimmingCharacters(in: CharacterSet(charactersIn: " _-.").union(.whitespaces))
            // `irc.libera.#weechat`, `user_network_#chan`, `libera-#hexchat`: the channel is from its `#`.
            if let hash = name.firstIndex(of: "#"), name.index(after: hash) < name.endIndex { name = String(name[hash...]) }
            if !name.isEmpty, !name.allSatisfy({ $0.isNumber || "-_.".contains($0) }) { return name }
        }
        return ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Where a `yyyy-MM-dd`, `yyyy_MM_dd`, `yyyy.MM.dd`, `yyyyMMdd` or `yyyy-MM` is in a name.
    static func dateRange(in name: String) -> Range<String.Index>? {
        let chars = Array(name)
        var i = 0
        while i + 4 <= chars.count {
            defer { i += 1 }
            guard i == 0 || !chars[i - 1].isNumber, chars[i..<i + 4].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let year = Int(String(chars[i..<i + 4])), (1970...2200).contains(year) else { continue }
            var j = i + 4
            while j < chars.count, j - i < 10, chars[j].isNumber || "-_.".contains(chars[j]) { j += 1 }
            guard j - i >= 7 || (j - i == 4 && j == chars.count) else { continue }
            let start = name.index(name.startIndex, offsetBy: i), end = name.index(name.startIndex, offsetBy: j)
            return start..<end
        }
        return nil
    }

    /// A `yyyy-MM-dd`, `yyyy.MM.dd`, `yyyy_MM_dd` or `yyyyMMdd` date standing alone in a name.
    static func date(inName name: String) -> LocalDate? {
        let bytes = Array(name.utf8)
        func digit(_ i: Int) -> Int? { i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 ? Int(bytes[i] - 0x30) : nil }
        func number(_ i: Int, _ n: Int) -> Int? {
            var value = 0
            for k in 0..<n { guard let d = digit(i + k) else { return nil }; value = value * 10 + d }
            return value
        }
        var i = 0
        while i + 8 <= bytes.count {
            defer { i += 1 }
            guard digit(i - 1) == nil, let year = number(i, 4), (1970...2200).contains(year) else { continue }
            var j = i + 4
            let separator = j < bytes.count ? bytes[j] : 0
            let separated = separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "_")
            if separated { j += 1 }
            guard let month = number(j, 2), (1...12).contains(month) else { continue }
            j += 2
            if separated { guard j < bytes.count, bytes[j] == separator else { continue }; j += 1 }
            guard let day = number(j, 2), (1...31).contains(day), digit(j + 2) == nil else { continue }
            return LocalDate(year: year, month: month, day: day)
        }
        return nil
    }
}

/// Times of day read one after another in a log without date lines: a clock that goes
/// back by more than an hour (23:59, then 00:01) has passed midnight. Less than that is
/// a line written out of order, or the hour repeated when daylight-saving time ends.
public struct DayRoller: Sendable {
    public private(set) var date: LocalDate
    private var last: Double?

    public init(_ date: LocalDate) { self.date = date }

    /// The date of a line at `seconds` after midnight.
    public mutating func date(at seconds: Double) -> LocalDate {
        if let last, seconds < last - 3600 {
            date = TimeText.date(daysSinceEpoch: TimeText.daysSinceEpoch(date) + 1)
        }
        last = seconds
        return date
    }

    /// A new date from a header line: the clock starts again.
    public mutating func restart(_ date: LocalDate) {
        self.date = date
        last = nil
    }
}

/// Names text logs give people, made safe to publish: an e-mail address keeps only the
/// part before `@`, a phone number (a caller who dialled in) becomes "Phone caller N"
/// (or `label` N: WhatsApp names people it has no contact for by their numbers).
enum TextLogNames {
    static func safe(_ name: String, phones: inout [String: String], label: String = "Phone caller") -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let at = trimmed.firstIndex(of: "@"), at > trimmed.startIndex, !trimmed.contains(" "),
           trimmed[trimmed.index(after: at)...].contains(".") {
            return String(trimmed[..<at])
        }
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }.count
        let allowed = trimmed.allSatisfy { ($0.isASCII && $0.isNumber) || " +-().".contains($0) }
        if allowed, digits >= 6 {
            if let known = phones[trimmed] { return known }
            let named = "\(label) \(phones.count + 1)"
            phones[trimmed] = named
            return named
        }
        return trimmed
    }
}
