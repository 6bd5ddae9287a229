import Foundation

/// Dates, clock times and zone abbreviations as transcripts write them, turned into
/// instants by arithmetic alone, so neither the machine's `TZ` nor its locale matters.
enum TimeText {
    /// Offsets from UTC in minutes. Abbreviations are ambiguous worldwide; these are
    /// the readings chat archives use (IST is India, BST British Summer Time).
    static let zoneOffsets: [String: Int] = [
        "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
        "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
        "AKST": -540, "AKDT": -480, "HST": -600,
        "BST": 60, "CET": 60, "CEST": 120, "IST": 330, "AEST": 600, "AEDT": 660,
    ]

    /// `Monday March 5, 2018` → 2018-03-05.
    static func date(_ text: String) -> LocalDate? {
        let words = text.split(separator: " ")
        guard words.count == 4, let month = DateText.month(named: words[1]),
              let day = Int(words[2].dropLast()), let year = Int(words[3]), (1...31).contains(day)
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// `6:30 PM EST` → 18:30 in `EST`; without a zone, `defaultZone`.
    static func time(_ text: String, defaultZone: String? = nil) -> LocalTime? {
        let words = text.split(separator: " ")
        guard words.count == 3 || (words.count == 2 && defaultZone != nil),
              let minutes = clockMinutes(words[0], meridiem: words[1]) else { return nil }
        return LocalTime(minutes: minutes, zone: words.count == 3 ? String(words[2]) : defaultZone!)
    }

    /// `Mar 5 @ 6:31 PM EST`, in a session held on `sessionDate`: the year is the
    /// session's, or the next one when the month wrapped past December. A missing
    /// zone is the session's.
    static func timestamp(_ text: String, sessionDate: LocalDate, sessionZone: String) -> (LocalDate, LocalTime)? {
        let words = TranscriptReader.words(text[...])
        guard words.count == 5 || words.count == 6, words[2] == "@", let month = DateText.month(named: words[0]),
              let day = Int(words[1]), (1...31).contains(day),
              let minutes = clockMinutes(words[3], meridiem: words[4])
        else { return nil }
        let time = LocalTime(minutes: minutes, zone: words.count == 6 ? String(words[5]) : sessionZone)
        var year = sessionDate.year
        if month < sessionDate.month - 6 { year += 1 } else if month > sessionDate.month + 6 { year -= 1 }
        return (LocalDate(year: year, month: month, day: day), time)
    }

    /// `UTC−5`, `UTC+5:30`: how pages and `confab check` show an offset.
    static func offsetText(_ zone: String) -> String? {
        guard let minutes = offset(of: zone) else { return nil }
        if minutes == 0 { return "UTC" }
        let sign = minutes < 0 ? "−" : "+"
        let hours = abs(minutes) / 60, rest = abs(minutes) % 60
        return "UTC\(sign)\(hours)" + (rest == 0 ? "" : ":\(rest < 10 ? "0" : "")\(rest)")
    }

    static func clockMinutes(_ clock: Substring, meridiem: Substring) -> Int? {
        let parts = clock.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (1...12).contains(hour), (0..<60).contains(minute), meridiem == "AM" || meridiem == "PM"
        else { return nil }
        return ((hour % 12) + (meridiem == "PM" ? 12 : 0)) * 60 + minute
    }

    /// The instant of a local date and time in a zone; an unknown zone counts as UTC.
    static func instant(_ date: LocalDate, _ time: LocalTime) -> Date {
        let offset = Self.offset(of: time.zone) ?? 0
        let seconds = (daysSinceEpoch(date) * 1440 + time.minutes - offset) * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// A zone's offset in minutes: a known abbreviation, or a label `zoneLabel` wrote (`UTC+05:30`).
    static func offset(of zone: String) -> Int? {
        if let known = zoneOffsets[zone] { return known }
        let utf8 = Array(zone.utf8)
        guard utf8.count == 9, zone.hasPrefix("UTC"), utf8[3] == UInt8(ascii: "+") || utf8[3] == UInt8(ascii: "-"),
              utf8[6] == UInt8(ascii: ":"), let hours = Int(zone.dropFirst(4).prefix(2)), let minutes = Int(zone.suffix(2))
        else { return nil }
        return (utf8[3] == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
    }

    /// `UTC` or `UTC+05:30`: how times of continuous channels name their zone.
    static func zoneLabel(offsetMinutes: Int) -> String {
        guard offsetMinutes != 0 else { return "UTC" }
        let value = abs(offsetMinutes)
        return "UTC\(offsetMinutes < 0 ? "-" : "+")\(Wording.twoDigits(value / 60)):\(Wording.twoDigits(value % 60))"
    }

    /// Whole days from 1970-01-01 to a second since the epoch, rounding down before it too.
    static func days(seconds: Int) -> Int {
        seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    }

    /// The local date of an instant at an offset from UTC, in minutes.
    static func localDate(_ instant: Date, offsetMinutes: Int) -> LocalDate {
        date(daysSinceEpoch: days(seconds: Int(instant.timeIntervalSince1970.rounded(.down)) + offsetMinutes * 60))
    }

    /// The date `days` after 1970-01-01 (the inverse of `daysSinceEpoch`).
    static func date(daysSinceEpoch days: Int) -> LocalDate {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return LocalDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysSinceEpoch(_ date: LocalDate) -> Int {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (date.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + date.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Day of the week, 0 = Sunday.
    static func weekday(_ date: LocalDate) -> Int {
        let days = daysSinceEpoch(date)
        return ((days % 7) + 11) % 7
    }
}

extension TimeText {
    /// `2018-03-05T23:30:00Z`, by arithmetic (the inverse of `daysSinceEpoch`).
    static func isoText(_ instant: Date) -> String {
        var text = isoBytes(seconds: Int(instant.timeIntervalSince1970.rounded(.down)))
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// The instant as local time in `zone` with its offset (`2018-03-05T18:30:00-05:00`);
    /// in UTC when the zone is unknown. Every message on every page has one: built as bytes.
    static func localISOText(_ instant: Date, zone: String) -> String {
        guard let offset = offset(of: zone), offset != 0 else { return isoText(instant) }
        var text = isoBytes(seconds: Int(instant.timeIntervalSince1970.rounded(.down)) + offset * 60)
        text.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        appendTwoDigits(abs(offset) / 60, to: &text)
        text.append(UInt8(ascii: ":"))
        appendTwoDigits(abs(offset) % 60, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `yyyy-mm-ddThh:mm:ss` of seconds since the epoch, with no zone.
    private static func isoBytes(seconds: Int) -> [UInt8] {
        let days = days(seconds: seconds)
        let secondOfDay = seconds - days * 86400
        let date = date(daysSinceEpoch: days)
        let (year, month, day) = (date.year, date.month, date.day)
        var text: [UInt8] = []
        text.reserveCapacity(25)
        // As `LocalDate.description` writes the date.
        text.append(contentsOf: String(year).utf8)
        func append(_ separator: Unicode.Scalar, _ value: Int) {
            text.append(UInt8(ascii: separator))
            appendTwoDigits(value, to: &text)
        }
        append("-", month)
        append("-", day)
        append("T", secondOfDay / 3600)
        append(":", secondOfDay / 60 % 60)
        append(":", secondOfDay % 60)
        return text
    }

    /// As `Wording.twoDigits`: at least two digits.
    private static func appendTwoDigits(_ value: Int, to text: inout [UInt8]) {
        if value >= 0 && value < 100 {
            text.append(UInt8(ascii: "0") + UInt8(value / 10))
            text.append(UInt8(ascii: "0") + UInt8(value % 10))
        } else {
            text.append(contentsOf: Wording.twoDigits(value).utf8)
        }
    }
}
