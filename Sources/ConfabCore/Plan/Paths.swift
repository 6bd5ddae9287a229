import Foundation

/// Output paths and the links between them. Every path is relative to the output
/// folder, made of slugs, and every link is relative and names a file, so the
/// site works from `file://` as well as from any host and sub-folder.
public enum Paths {
    /// The href that leads from the page at `from` to `to` (which may end in `#fragment`).
    /// Both are output-relative file paths such as `sessions/badgechat-2018-03-05.html`.
    public static func link(from: String, to: String) -> String {
        // Paths are made of ASCII slugs, so their UTF-8 bytes compare as their characters do.
        let fromBytes = from.utf8, toBytes = to.utf8
        let slash = UInt8(ascii: "/")
        // A fragment of the page itself needs no file name.
        if let hash = toBytes.firstIndex(of: UInt8(ascii: "#")), toBytes[..<hash].elementsEqual(fromBytes) {
            return String(Substring(toBytes[hash...]))
        }
        // Nearly every page sits at the root or one folder down: no splitting needed.
        if let first = fromBytes.firstIndex(of: slash) {
            if !fromBytes[fromBytes.index(after: first)...].contains(slash) {
                let folder = fromBytes[...first]
                return toBytes.starts(with: folder) ? String(Substring(toBytes.dropFirst(folder.count))) : "../" + to
            }
        } else {
            return to
        }
        let fromFolders = from.split(separator: "/").dropLast()
        var target = to.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < fromFolders.count, common < target.count - 1,
              fromFolders[fromFolders.startIndex + common] == target[common] {
            common += 1
        }
        target.removeFirst(common)
        let ups = Array(repeating: "..", count: fromFolders.count - common)
        return (ups + target.map(String.init)).joined(separator: "/")
    }
}

/// File names from arbitrary text: only `a-z`, `0-9`, `-` and `_`, so no name can
/// climb out of the output folder or differ only by case.
public enum Slug {
    static let maxLength = 80

    public static func make(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        // `ÉcoleChat` → `ecolechat`, not `colechat`: accents go, letters stay.
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        for scalar in folded.lowercased().unicodeScalars {
            let isWordScalar = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            if isWordScalar {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        if slug.isEmpty {
            // Non-Latin text keeps a stable, distinct name.
            slug = "u" + text.unicodeScalars.prefix(12).map { String($0.value, radix: 16) }.joined(separator: "-")
            if text.isEmpty { slug = "untitled" }
        }
        slug = String(slug.prefix(maxLength))
        // Windows refuses these names with any extension (`con.html`), so an archive
        // copied there would lose the page.
        return windowsReserved.contains(slug) ? slug + "_" : slug
    }

    /// A slug of a name in any script: Cyrillic, Greek, Arabic or Japanese names are
    /// transliterated to Latin first (`Гузельские` → `guzel-skie`), so pages get readable names.
    public static func readable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return make(text) }
        return make(text.applyingTransform(.toLatin, reverse: false) ?? text)
    }

    static let windowsReserved: Set<String> = Set(["con", "prn", "aux", "nul"]
        + (0...9).flatMap { ["com\($0)", "lpt\($0)"] })
}
