/// The site's settings, from `content/site.yaml`. Every field has a default,
/// so a site without the file still builds.
public struct SiteConfig: Equatable, Sendable {
    public var title: String
    /// Markdown, written by the site's owner.
    public var description: String
    /// Absolute URL of the published site (for feeds); pages never need it.
    public var baseURL: String?
    /// BCP 47 language tag for `<html lang>`.
    public var language: String
    /// Names and aliases of chat series, for series whose hashtag changed.
    public var series: [SeriesConfig]
    /// The owner's Markdown (`description`, `about.md`) may hold raw HTML. Off by
    /// default; never applies to anything from a transcript.
    public var rawHTML: Bool
    /// The IANA time zone that days of continuous channels are cut in (`Europe/Berlin`).
    public var timeZone: String
    /// How a continuous channel's history is cut into sessions.
    public var sessionSplit: SessionSplit
    /// Joins, topic changes and other channel events on session pages.
    public var systemEvents: SystemEventDisplay
    /// People known by several identities (on several platforms), each shown as one.
    public var people: [PersonConfig]
    /// Channels where every conversation that gets an answer is a question (`#help`).
    public var helpChannels: [String]
    /// `sessions:` per series or channel (by series key, channel name or `#name`), over `sessionSplit`.
    public var sessionSplits: [String: SessionSplit] = [:]
    /// Line layouts of text logs that no built-in reader knows, described under `formats:`.
    public var formats: [LineFormat] = []
    /// `dates:`: the day a log starts, for logs whose lines, header and name give none.
    public var logDates: [String: LocalDate] = [:]
    /// `privacy:`: who and what is left out, pseudonymized or masked.
    public var privacy = PrivacySettings()

    /// `privacy: private_messages:` direct and private messages are published only when true.
    public var privateMessages: Bool {
        get { privacy.privateMessages }
        set { privacy.privateMessages = newValue }
    }
    /// `privacy: noindex:` every page asks search engines not to index it, and robots.txt disallows crawling.
    public var noindex: Bool {
        get { privacy.noindex }
        set { privacy.noindex = newValue }
    }
    /// `media:` how much of the exports' files the site copies.
    public var media = MediaLimits()

    /// How the channel of this series and name is cut into sessions.
    public func sessionSplit(series: String, channel: String) -> SessionSplit {
        sessionSplits[series] ?? sessionSplits[channel.lowercased()] ?? sessionSplits["#" + channel.lowercased()] ?? sessionSplit
    }

    public init(
        title: String = "Chat archive",
        description: String = "",
        baseURL: String? = nil,
        language: String = "en",
        series: [SeriesConfig] = [],
        rawHTML: Bool = false,
        timeZone: String = "UTC",
        sessionSplit: SessionSplit = .day,
        systemEvents: SystemEventDisplay = .collapsed,
        people: [PersonConfig] = [],
        helpChannels: [String] = []
    ) {
        self.helpChannels = helpChannels
        self.people = people
        self.systemEvents = systemEvents
        self.timeZone = timeZone
        self.sessionSplit = sessionSplit
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.language = language
        self.series = series
        self.rawHTML = rawHTML
    }

    /// The series key a hashtag belongs to: its own (lower-cased, without `#`) unless
    /// a configured series lists it as an alias.
    public func seriesKey(forTag tag: String) -> String {
        let key = tag.lowercased()
        return series.first { $0.aliases.contains(key) }?.key ?? key
    }
}

/// `series:` in `site.yaml`: one chat under several hashtags.
///
///     series:
///       badgechat:
///         name: "#BadgeChat"
///         aliases: [badgechatk12]
///         noindex: true
public struct SeriesConfig: Equatable, Sendable {
    /// Lower-cased tag without `#`.
    public var key: String
    public var name: String?
    /// Lower-cased tags without `#`.
    public var aliases: [String]
    /// The series' pages and recaps ask search engines to stay away (members-only chats).
    public var noindex: Bool

    public init(key: String, name: String? = nil, aliases: [String] = [], noindex: Bool = false) {
        self.key = key
        self.name = name
        self.aliases = aliases
        self.noindex = noindex
    }
}

/// `sessions:` in `site.yaml`: how a channel that runs for years becomes sessions.
public enum SessionSplit: Equatable, Sendable, CustomStringConvertible {
    case day, week, month
    /// A new session after a silence of at least this many seconds.
    case gap(Int)

    /// `day`, `week`, `month`, `gap 3h`, `gap 90m`.
    public init?(_ text: String) {
        let words = text.lowercased().split(separator: " ")
        switch words.first {
        case "day" where words.count == 1: self = .day
        case "week" where words.count == 1: self = .week
        case "month" where words.count == 1: self = .month
        case "gap" where words.count == 2:
            let amount = words[1].dropLast(), unit = words[1].last
            // At most a year of silence: a larger number is a typo, and would overflow.
            guard let value = Int(amount), value > 0, value <= 366 * 24 * 60 else { return nil }
            switch unit {
            case "h": self = .gap(value * 3600)
            case "m": self = .gap(value * 60)
            case "d": self = .gap(value * 86400)
            default: return nil
            }
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .day: "day"
        case .week: "week"
        case .month: "month"
        case .gap(let seconds): seconds % 3600 == 0 ? "gap \(seconds / 3600)h" : "gap \(seconds / 60)m"
        }
    }
}

/// `system_events:` in `site.yaml`: channel events (joins, topic changes) shown folded
/// into one line where they happened, open, or not at all.
public enum SystemEventDisplay: String, Equatable, Sendable {
    case collapsed, shown, hidden
}

/// `people:` in `site.yaml`: one person's identities on every platform.
///
///     people:
///       noah: [twitter:SenorG, slack:U061A5N1G]
public struct PersonConfig: Equatable, Sendable {
    public var name: String
    public var identities: [PersonID]

    public init(name: String, identities: [PersonID]) {
        self.name = name
        self.identities = identities
    }
}

/// `formats:` in `site.yaml`: a text log's line layout, described by a regular expression
/// whose named groups say where the date, time, author and text are.
///
///     formats:
///       - name: our-bot-log
///         files: "logs/**/*.txt"
///         message: '^(?<date>\d{4}-\d\d-\d\d) (?<time>\d\d:\d\d) (?<author>[^:]+): '
///         date: yyyy-MM-dd
///         time: HH:mm
public struct LineFormat: Equatable, Sendable {
    public var name: String
    /// A glob over paths under `content/` (`logs/**/*.txt`); nil: tried where no built-in format fits.
    public var files: String?
    /// Matched at the start of a line; may span lines with `\n`.
    public var message: String
    /// Unicode date and time patterns of the `date` and `time` groups.
    public var date: String?
    public var time: String?
    /// The year of dates written without one.
    public var year: Int?
    /// Lines that belong to no message.
    public var ignore: String?
    /// Removed from the start of each line of a message's body.
    public var strip: String?
    /// Where the description is in `site.yaml`, for its errors.
    public var location: SourceLocation

    public init(name: String, files: String? = nil, message: String, date: String? = nil, time: String? = nil, year: Int? = nil,
                ignore: String? = nil, strip: String? = nil, location: SourceLocation) {
        self.name = name
        self.files = files
        self.message = message
        self.date = date
        self.time = time
        self.year = year
        self.ignore = ignore
        self.strip = strip
        self.location = location
    }
}

/// `privacy:` in `site.yaml`: what an archive leaves out of what the exports hold.
///
///     privacy:
///       exclude: [maeward2311, "slack:U061A5N1G"]
///       pseudonym: [kmurfitt1]
///       anonymize: none            # or all: everyone but `public` gets a pseudonym
///       public: [SenorG]
///       remove: ["badgechat-2018-03-05#m12", "slack:1700000000.123456"]
///       mask_contacts: true
///       private_messages: false
///       nolog: ["[off]"]           # besides [nolog] and -= THIS MESSAGE NOT LOGGED =-
///       salt: "a long secret"      # or CONFAB_PRIVACY_SALT; else one kept in .confab-cache
public struct PrivacySettings: Equatable, Sendable {
    /// People whose messages are not published at all.
    public var exclude: [PersonReference] = []
    /// People shown under a stable pseudonym.
    public var pseudonym: [PersonReference] = []
    /// `anonymize: all`: everyone but `publicPeople` gets a pseudonym.
    public var anonymizeAll = false
    public var publicPeople: [PersonReference] = []
    /// Single messages taken out.
    public var remove: [MessageReference] = []
    /// E-mail addresses and phone numbers in messages are masked.
    public var maskContacts = true
    /// Direct and private messages are published only when true.
    public var privateMessages = false
    /// Prefixes of messages their writer asked not to be logged, besides `nologPrefixes`.
    public var nolog: [String] = []
    /// The secret pseudonyms are derived from: the setting, the environment, or the cache's.
    public var salt: String?
    /// Search engines are asked not to index any page.
    public var noindex = false

    /// The markers clients and bots use (Limnoria's `[nolog]`, MeetBot's notice).
    public static let nologPrefixes = ["[nolog]", "-= THIS MESSAGE NOT LOGGED =-"]

    public init() {}

    /// Whether a pseudonym is ever needed: only then is a salt.
    public var pseudonymizes: Bool { anonymizeAll || !pseudonym.isEmpty }
}

/// A person as the settings name them: by an identity (`slack:U061A5N1G`, `twitter:SenorG`)
/// or by a name (a handle, a name shown in an export, or a person of `people:`).
public struct PersonReference: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case identity(PersonID)
        /// Case-folded, without `@`.
        case name(String)
    }
    public var kind: Kind
    /// As the settings write it, for diagnostics.
    public var written: String

    /// `slack:U061A5N1G` is an identity; `@SenorG` or `Ana Lima` a name.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        written = trimmed
        if let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex, !trimmed.hasPrefix("@"),
           !trimmed[..<colon].contains(" "), let id = PersonID(parsing: trimmed) {
            kind = .identity(id)
        } else {
            kind = .name(String(trimmed.drop { $0 == "@" }).lowercased())
        }
    }

    public var description: String { written }
}

/// A message as the settings name it: by its page and anchor (`badgechat-2018-03-05#m12`,
/// as its permalink ends), by the platform's id (`slack:1700000000.123456`, or the id
/// alone), or by file and line (`logs/#chan.2024-01-02.log:57`).
public struct MessageReference: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The session page's name without folder and `.html`, and the message's anchor.
        case anchor(page: String, id: String)
        /// The platform (lower case) when written, and the platform's id.
        case native(platform: String?, id: String)
        /// A text log's message by its file (under `content/`) and the line it starts on.
        case line(file: String, line: Int)
    }
    public var kind: Kind
    public var written: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        written = trimmed
        // A file and line first: log names hold `#` (`#chan.2024-01-02.log:57`).
        if let colon = trimmed.lastIndex(of: ":"), let line = Int(trimmed[trimmed.index(after: colon)...]), line > 0,
           trimmed[..<colon].contains(where: { $0 == "." || $0 == "/" }) {
            kind = .line(file: Source.underContent(String(trimmed[..<colon])), line: line)
        } else if let hash = trimmed.lastIndex(of: "#"), hash != trimmed.startIndex, trimmed.index(after: hash) != trimmed.endIndex {
            var page = Substring(trimmed[..<hash])
            if let slash = page.lastIndex(of: "/") { page = page[page.index(after: slash)...] }
            if page.hasSuffix(".html") { page = page.dropLast(5) }
            kind = .anchor(page: String(page), id: String(trimmed[trimmed.index(after: hash)...]))
        } else if let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex, trimmed.index(after: colon) != trimmed.endIndex {
            kind = .native(platform: trimmed[..<colon].lowercased(), id: String(trimmed[trimmed.index(after: colon)...]))
        } else {
            kind = .native(platform: nil, id: trimmed)
        }
    }

    public var description: String { written }
}

/// `media: {max_file: 50 MB, max_total: 1 GB}`: files an export holds that are larger than
/// `maxFile`, or that would take the site's copies past `maxTotal`, are left out (named in a
/// warning; pages show their names). No file over `maxFile` is ever read into memory.
public struct MediaLimits: Equatable, Sendable {
    public var maxFile: Int
    public var maxTotal: Int

    public init(maxFile: Int = 50 << 20, maxTotal: Int = 1 << 30) {
        self.maxFile = maxFile
        self.maxTotal = maxTotal
    }

    /// `50 MB`, `1 GB`, `1.5 GB`, `500 KB`, `2 GiB` or a number of bytes; units are of 1024.
    public static func bytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        let scale: Double? = switch unit {
        case "", "b", "bytes": 1
        case "k", "kb", "kib": 1024
        case "m", "mb", "mib": 1_048_576
        case "g", "gb", "gib": 1_073_741_824
        case "t", "tb", "tib": 1_099_511_627_776
        default: nil
        }
        guard let scale, let value = Double(number), value >= 0, value * scale < Double(Int.max / 2) else { return nil }
        return Int(value * scale)
    }
}
