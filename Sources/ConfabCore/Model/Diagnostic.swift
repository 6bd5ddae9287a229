/// A place in an input file, for messages a user can act on (`content/x.txt:12`).
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Path as the user knows it, relative to the site folder when possible.
    public var file: String
    /// 1-based line, when the problem has one.
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    public var description: String {
        line.map { "\(file):\($0)" } ?? file
    }
}

/// Something the build noticed in its input. Warnings never stop a build
/// unless `--strict` is given; the rest of the archive still builds.
public struct Diagnostic: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable {
        case warning, error
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    /// Compiler style, so editors and CI logs can jump to the place.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}

/// An error that stops the build, with the file and line it came from when known.
public struct ConfabError: Error, Equatable, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.location = location
        self.message = message
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}
