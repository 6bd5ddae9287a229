/// A transcript as written, before any interpretation: the read stage's output.
public struct RawTranscript: Sendable {
    public var file: String
    public var format: SourceFormat
    public var header: RawHeader
    public var messages: [RawMessage]
}

public struct RawHeader: Sendable, Equatable {
    /// `#badgechat Archive`
    public var title: String
    /// The hashtag of the title, with `#`, when it has one.
    public var hashtag: String?
    public var description: String
    /// `Monday March 5, 2018`
    public var dateText: String
    /// `6:30 PM EST`
    public var timeText: String
    public var dateLine: Int
}

public struct RawMessage: Sendable, Equatable {
    public var line: Int
    public var author: String?
    public var role: String?
    /// `Mar 5 @ 6:31 PM EST` as written; nil in formats without times.
    public var timestamp: String?
    public var textLines: [String]
    /// Handles of `In reply to @a, @b`, without `@`.
    public var replyTo: [String]
    public var quotes: [RawMessage]

    public init(
        line: Int, author: String? = nil, role: String? = nil, timestamp: String? = nil,
        textLines: [String] = [], replyTo: [String] = [], quotes: [RawMessage] = []
    ) {
        self.line = line
        self.author = author
        self.role = role
        self.timestamp = timestamp
        self.textLines = textLines
        self.replyTo = replyTo
        self.quotes = quotes
    }

    public var text: String { textLines.joined(separator: "\n") }
}

/// A line of a file with its 1-based number.
struct NumberedLine {
    var number: Int
    var text: Substring
}
