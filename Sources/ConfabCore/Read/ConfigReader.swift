import Yams

/// Parses `content/site.yaml`:
///
///     title: "#BadgeChat archive"
///     description: Markdown shown on the home page.
///     base_url: https://example.org/badgechat/
///     language: en
enum ConfigReader {
    static let knownKeys: Set<String> = ["title", "description", "base_url", "language"]

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
                diagnostics.append(.warning(location, "unknown setting '\(key)' ignored (known: \(knownKeys.sorted().joined(separator: ", ")))"))
                continue
            }
            guard let value = valueNode.scalar?.string else {
                throw ConfabError("'\(key)' must be a single value", at: location)
            }
            switch key {
            case "title": config.title = value
            case "description": config.description = value
            case "base_url": config.baseURL = value.isEmpty ? nil : value
            default: config.language = value
            }
        }
        return (config, diagnostics)
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
