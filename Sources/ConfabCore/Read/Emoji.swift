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
}
