import Foundation

/// Emoji by shortcode (`tada` → 🎉), for the platforms that write them as `:tada:`.
enum Emoji {
    /// Read once from the table built into the binary (`Emoji/shortcodes.tsv`).
    static let shortcodes: [String: String] = {
        var table: [String: String] = [:]
        let text = String(decoding: PackageResources.shortcodes_tsv, as: UTF8.self)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            table[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        return table
    }()

    /// `:tada:` → 🎉 in text, for the shortcodes Confab knows; others stay as written.
    static func replacingShortcodes(in text: String) -> String {
        // In the bytes: `String.contains(String)` goes through Foundation's UTF-16 search.
        guard text.utf8.contains(UInt8(ascii: ":")) else { return text }
        var result = "", rest = text[...]
        while let open = rest.firstIndex(of: ":") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: ":") else { break }
            let name = rest[after..<close]
            if !name.isEmpty, name.count <= 40, name.allSatisfy({ $0.isLetter || $0.isNumber || "_+-".contains($0) }),
               let emoji = shortcodes[String(name).lowercased()] {
                result += rest[..<open] + emoji
                rest = rest[rest.index(after: close)...]
            } else {
                result += rest[..<after]
                rest = rest[after...]
            }
        }
        return result + rest
    }

    /// A reaction's name (`tada`, `+1::skin-tone-2`, `:smile:`) as the emoji, or `:name:`
    /// (a custom emoji, or one Confab does not know; never its image).
    static func named(_ name: String) -> String {
        let bare = name.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
        guard !bare.isEmpty else { return name }
        let base = bare.components(separatedBy: "::").first ?? bare   // a skin tone after `::`
        return shortcodes[base.lowercased()] ?? shortcodes[base.lowercased().replacingOccurrences(of: " ", with: "_")] ?? ":\(bare):"
    }
}
