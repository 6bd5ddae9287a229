import Foundation
import Yams

/// Parses `content/site.yaml`:
///
///     title: "#BadgeChat archive"
///     description: Markdown shown on the home page.
///     base_url: https://example.org/badgechat/
///     language: en
///     raw_html: false
///     timezone: Europe/Berlin     # days of continuous channels are cut here
///     sessions: day               # or week, month, gap 3h
///     series:
///       badgechat:
///         name: "#BadgeChat"
///         aliases: [badgechatk12]
///         noindex: true           # its pages ask search engines not to index them
///     privacy:
///       noindex: true             # every page does
enum ConfigReader {
    static let knownKeys: Set<String> = ["title", "description", "base_url", "language", "raw_html", "series", "timezone", "sessions", "system_events", "people", "help_channels", "dates", "privacy", "formats", "media"]
    static let knownSeriesKeys: Set<String> = ["name", "aliases", "noindex"]

    static func parse(_ file: SourceFile) throws -> (SiteConfig, [Diagnostic]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: file.text)
        } catch let error as YamlError {
            throw ConfabError("invalid YAML: \(yamlReason(error))", at: SourceLocation(file: file.path, line: yamlLine(error)))
        }
        var config = SiteConfig()
        guard let node else { return (config, []) }
        guard let mapping = node.mapping else {
            throw ConfabError("expected keys and values (title: …)", at: SourceLocation(file: file.path, line: node.mark?.line))
        }
        var diagnostics: [Diagnostic] = []
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let location = SourceLocation(file: file.path, line: keyNode.mark?.line)
            guard knownKeys.contains(key) else {
                diagnostics.append(unknown(key, known: knownKeys, at: location))
                continue
            }
            if key == "series" {
                config.series = try series(valueNode, file: file.path, diagnostics: &diagnostics)
                continue
            }
            if key == "sessions", let entries = valueNode.mapping {
                // Per series or channel, with `default` for the rest.
                for (nameNode, splitNode) in entries {
                    let name = (nameNode.string ?? "").lowercased(), value = splitNode.scalar?.string ?? ""
                    guard let split = SessionSplit(value) else {
                        throw ConfabError("'sessions' must be day, week, month or gap with hours or minutes (gap 3h), not '\(value)'",
                                          at: SourceLocation(file: file.path, line: nameNode.mark?.line))
                    }
                    if name == "default" { config.sessionSplit = split } else { config.sessionSplits[name] = split }
                }
                continue
            }
            if key == "help_channels" {
                let items = valueNode.sequence.map { Array($0) } ?? [valueNode]
                config.helpChannels = items.compactMap { $0.scalar?.string }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                continue
            }
            if key == "dates" {
                config.logDates = try dates(valueNode, file: file.path)
                continue
            }
            if key == "formats" {
                config.formats = try formats(valueNode, file: file.path, diagnostics: &diagnostics)
                continue
            }
            if key == "privacy" {
                try privacy(valueNode, into: &config, file: file.path, diagnostics: &diagnostics)
                continue
            }
            if key == "media" {
                config.media = try media(valueNode, file: file.path, diagnostics: &diagnostics)
                continue
            }
            if key == "people" {
                config.people = try people(valueNode, file: file.path, diagnostics: &diagnostics)
                continue
            }
            guard let value = valueNode.scalar?.string else {
                throw ConfabError("'\(key)' must be a single value", at: location)
            }
            switch key {
            case "title": config.title = value
            case "description": config.description = value
            case "base_url":
                if value.isEmpty { break }
                // Only web addresses: the value lands in feeds, the sitemap and links.
                guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                    diagnostics.append(.warning(location, "base_url '\(value)' is not an http(s) address; ignored"))
                    break
                }
                // `HTTPS://Example.org/x` → `https://Example.org/x`: the scheme in lower case.
                config.baseURL = url.scheme!.lowercased() + value.drop { $0 != ":" }
            case "timezone":
                guard TimeZone(identifier: value) != nil else {
                    throw ConfabError("'timezone' must be an IANA time zone such as Europe/Berlin or UTC, not '\(value)'", at: location)
                }
                config.timeZone = value
            case "sessions":
                guard let split = SessionSplit(value) else {
                    throw ConfabError("'sessions' must be day, week, month or gap with hours or minutes (gap 3h), not '\(value)'", at: location)
                }
                config.sessionSplit = split
            case "system_events":
                guard let display = SystemEventDisplay(rawValue: value) else {
                    throw ConfabError("'system_events' must be collapsed, shown or hidden, not '\(value)'", at: location)
                }
                config.systemEvents = display
            case "raw_html":
                config.rawHTML = try flag(valueNode, key, at: location)
            default: config.language = value
            }
        }
        return (config, diagnostics)
    }

    /// `series:` maps each tag to its display name and aliases.
    static func series(_ node: Node, file: String, diagnostics: inout [Diagnostic]) throws -> [SeriesConfig] {
        guard let mapping = node.mapping else {
            throw ConfabError("'series' must map each hashtag to its settings", at: SourceLocation(file: file, line: node.mark?.line))
        }
        var result: [SeriesConfig] = []
        for (tagNode, settings) in mapping {
            let location = SourceLocation(file: file, line: tagNode.mark?.line)
            var series = SeriesConfig(key: tag(tagNode.string ?? ""))
            if settings.null != nil {
                result.append(series)
                continue
            }
            guard let fields = settings.mapping else {
                throw ConfabError("series '\(series.key)' needs 'name', 'aliases' or 'noindex'", at: location)
            }
            for (fieldNode, value) in fields {
                let field = fieldNode.string ?? ""
                let fieldLocation = SourceLocation(file: file, line: fieldNode.mark?.line)
                switch field {
                case "name":
                    series.name = value.scalar?.string
                case "aliases":
                    let items = value.sequence.map { Array($0) } ?? [value]
                    series.aliases = items.compactMap { $0.scalar?.string }.map(tag)
                case "noindex":
                    series.noindex = try flag(value, "noindex", at: fieldLocation)
                default:
                    diagnostics.append(unknown(field, known: knownSeriesKeys, at: fieldLocation))
                }
            }
            result.append(series)
        }
        return result
    }

    /// `people:` maps a name to the identities that are that person (`slack:U061A5N1G`, `SenorG`).
    static func people(_ node: Node, file: String, diagnostics: inout [Diagnostic]) throws -> [PersonConfig] {
        guard let mapping = node.mapping else {
            throw ConfabError("'people' must map each person's name to a list of identities such as [twitter:SenorG, slack:U061A5N1G]",
                              at: SourceLocation(file: file, line: node.mark?.line))
        }
        var result: [PersonConfig] = [], claimed: [String: String] = [:]
        for (nameNode, value) in mapping {
            let location = SourceLocation(file: file, line: nameNode.mark?.line)
            let name = (nameNode.string ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ConfabError("a person in 'people' needs a name", at: location) }
            let items = value.sequence.map { Array($0) } ?? [value]
            var identities: [PersonID] = []
            for item in items {
                guard let text = item.scalar?.string, let identity = PersonID(parsing: text) else {
                    throw ConfabError("'\(name)' in 'people' lists something that is not an identity such as slack:U061A5N1G", at: location)
                }
                if let other = claimed[identity.key], other != name {
                    diagnostics.append(.warning(location, "\(text) is listed for both \(other) and \(name); \(other) keeps it"))
                    continue
                }
                claimed[identity.key] = name
                identities.append(identity)
            }
            result.append(PersonConfig(name: name, identities: identities))
        }
        return result
    }

    /// `dates:` maps a log (its path under `content/`, or its name) to the day it starts:
    /// for logs whose lines, header and name give no date.
    static func dates(_ node: Node, file: String) throws -> [String: LocalDate] {
        guard let mapping = node.mapping else {
            throw ConfabError("'dates' must map each log to its date, such as old.log: 2004-03-03", at: SourceLocation(file: file, line: node.mark?.line))
        }
        var result: [String: LocalDate] = [:]
        for (nameNode, value) in mapping {
            let name = (nameNode.string ?? "").trimmingCharacters(in: .whitespaces)
            let text = value.scalar?.string ?? ""
            // Exactly `yyyy-MM-dd`, a day the month has: `2020-02-31` or `x20200101y` is a typo, not a date.
            let bytes = Array(text.utf8)
            guard !name.isEmpty, bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let date = TextLog.date(inName: text), date.day <= TextLog.daysIn(month: date.month, year: date.year) else {
                throw ConfabError("'dates' needs a log and a date written yyyy-MM-dd, not '\(name): \(text)'",
                                  at: SourceLocation(file: file, line: nameNode.mark?.line))
            }
            result[Source.underContent(name)] = date
        }
        return result
    }

    static let knownFormatKeys: Set<String> = ["name", "files", "message", "date", "time", "year", "ignore", "strip"]

    /// `formats:` lists line layouts of text logs (`name`, `message` and the rest of
    /// `LineFormat`); a description that cannot work stops the build here, at its line.
    static func formats(_ node: Node, file: String, diagnostics: inout [Diagnostic]) throws -> [LineFormat] {
        guard let items = node.sequence else {
            throw ConfabError("'formats' must be a list of layouts, each with a name and a message expression",
                              at: SourceLocation(file: file, line: node.mark?.line))
        }
        var result: [LineFormat] = []
        for item in items {
            let location = SourceLocation(file: file, line: item.mark?.line)
            guard let fields = item.mapping else {
                throw ConfabError("each entry of 'formats' needs 'name' and 'message'", at: location)
            }
            var values: [String: String] = [:]
            for (keyNode, value) in fields {
                let key = keyNode.string ?? ""
                guard knownFormatKeys.contains(key) else {
                    diagnostics.append(unknown(key, known: knownFormatKeys, at: SourceLocation(file: file, line: keyNode.mark?.line)))
                    continue
                }
                guard let text = value.scalar?.string else {
                    throw ConfabError("'\(key)' in 'formats' must be a single value", at: SourceLocation(file: file, line: keyNode.mark?.line))
                }
                values[key] = text
            }
            guard let name = values["name"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw ConfabError("an entry of 'formats' needs a 'name'", at: location)
            }
            guard let message = values["message"], !message.isEmpty else {
                throw ConfabError("format '\(name)' needs a 'message' expression", at: location)
            }
            var year: Int?
            if let text = values["year"] {
                guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...9999).contains(value) else {
                    throw ConfabError("format '\(name)': 'year' must be a year such as 2010, not '\(text)'", at: location)
                }
                year = value
            }
            let files = values["files"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            let format = LineFormat(name: name, files: files.map(Source.underContent),
                                    message: message, date: values["date"], time: values["time"], year: year,
                                    ignore: values["ignore"], strip: values["strip"], location: location)
            if case .failure(let problem) = DescribedFormatReader.Described.compile(format) {
                throw ConfabError(problem.message, at: location)
            }
            let groups = DescribedFormatReader.namedGroups(message)
            for key in ["date", "time"] where values[key] != nil && !groups.contains(key) {
                diagnostics.append(.warning(location, "format '\(name)': '\(key)' is ignored: 'message' has no (?<\(key)>…) group"))
            }
            result.append(format)
        }
        return result
    }

    static let knownPrivacyKeys: Set<String> = ["exclude", "pseudonym", "anonymize", "public", "remove", "mask_contacts",
                                                "private_messages", "noindex", "nolog", "salt"]

    /// `privacy:`: people and messages left out or pseudonymized, contacts masked, direct messages.
    static func privacy(_ node: Node, into config: inout SiteConfig, file: String, diagnostics: inout [Diagnostic]) throws {
        guard let mapping = node.mapping else {
            throw ConfabError("'privacy' must hold settings such as exclude: [handle]", at: SourceLocation(file: file, line: node.mark?.line))
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "", location = SourceLocation(file: file, line: keyNode.mark?.line)
            guard knownPrivacyKeys.contains(key) else {
                diagnostics.append(unknown(key, known: knownPrivacyKeys, at: location))
                continue
            }
            // A list, or one value; `[]` and an empty value are none.
            let items = (value.sequence.map { Array($0) } ?? (value.null != nil ? [] : [value]))
            func texts() throws -> [String] {
                try items.map { item in
                    guard let text = item.scalar?.string else { throw ConfabError("'\(key)' must list names or ids", at: location) }
                    return text
                }
            }
            func flag() throws -> Bool { try ConfigReader.flag(value, key, at: location) }
            func people() throws -> [PersonReference] {
                try texts().map { text in
                    guard let reference = PersonReference(text) else { throw ConfabError("'\(key)' lists an empty name", at: location) }
                    return reference
                }
            }
            switch key {
            case "exclude": config.privacy.exclude = try people()
            case "pseudonym": config.privacy.pseudonym = try people()
            case "public": config.privacy.publicPeople = try people()
            case "anonymize":
                switch value.scalar?.string.lowercased() {
                case "all": config.privacy.anonymizeAll = true
                case "none", "": config.privacy.anonymizeAll = false
                default: throw ConfabError("'anonymize' must be none or all", at: location)
                }
            case "remove":
                config.privacy.remove = try texts().map { text in
                    guard let reference = MessageReference(text) else { throw ConfabError("'remove' lists an empty message", at: location) }
                    return reference
                }
            case "mask_contacts": config.privacy.maskContacts = try flag()
            case "private_messages": config.privacy.privateMessages = try flag()
            case "noindex": config.privacy.noindex = try flag()
            case "nolog": config.privacy.nolog = try texts().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            default:
                guard let salt = value.scalar?.string, salt.count >= 16 else {
                    throw ConfabError("'salt' must be a secret of at least 16 characters", at: location)
                }
                config.privacy.salt = salt
            }
        }
        // Someone both left out and kept by name is left out: the safe reading of a contradiction.
        let excluded = Set(config.privacy.exclude)
        for person in config.privacy.publicPeople + config.privacy.pseudonym where excluded.contains(person) {
            diagnostics.append(.warning(SourceLocation(file: file, line: node.mark?.line), "privacy: \(person) is in 'exclude' and also in 'public' or 'pseudonym'; they are left out"))
        }
    }

    /// A `true` or `false` setting; anything else stops the build at its line.
    static func flag(_ node: Node, _ key: String, at location: SourceLocation) throws -> Bool {
        guard let text = node.scalar?.string else { throw ConfabError("'\(key)' must be true or false", at: location) }
        guard let flag = Bool(text.lowercased()) else {
            throw ConfabError("'\(key)' must be true or false, not '\(text)'", at: location)
        }
        return flag
    }

    static let knownMediaKeys: Set<String> = ["max_file", "max_total"]

    /// `media: {max_file: 50 MB, max_total: 1 GB}`: the caps on the files the site copies.
    static func media(_ node: Node, file: String, diagnostics: inout [Diagnostic]) throws -> MediaLimits {
        guard let mapping = node.mapping else {
            throw ConfabError("'media' must hold settings such as max_file: 50 MB", at: SourceLocation(file: file, line: node.mark?.line))
        }
        var limits = MediaLimits()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "", location = SourceLocation(file: file, line: keyNode.mark?.line)
            guard knownMediaKeys.contains(key) else {
                diagnostics.append(unknown(key, known: knownMediaKeys, at: location))
                continue
            }
            guard let bytes = value.scalar.flatMap({ MediaLimits.bytes($0.string) }) else {
                throw ConfabError("'\(key)' must be a size such as 50 MB or 1 GB", at: location)
            }
            if key == "max_file" { limits.maxFile = bytes } else { limits.maxTotal = bytes }
        }
        return limits
    }

    /// `#BadgeChatK12` → `badgechatk12`.
    static func tag(_ text: String) -> String {
        String(text.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }).lowercased()
    }

    static func unknown(_ key: String, known: Set<String>, at location: SourceLocation) -> Diagnostic {
        .warning(location, "unknown setting '\(key)' ignored (known: \(known.sorted().joined(separator: ", ")))")
    }

    static func yamlLine(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func yamlReason(_ error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
