/// English wording shared by summaries, pages and the command line.
public enum Wording {
    /// `900 bytes`, `47 KB`, `1.5 MB`: a size as people read it.
    public static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) bytes" }
        if count < 1 << 20 { return "\((count + 512) / 1024) KB" }
        let tenths = (count / 1024 * 10 + 512) / 1024
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// `1 message`, `2 messages`; `plural` for irregular forms (`person`, `people`).
    public static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// `a`, `a and b`, `a, b and c`.
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// Who a message names or who reacted when the export names them nowhere: never their
    /// platform id, which stays in links and keys only.
    public static let unknownPerson = "unknown user"

    /// `05`: two digits, for dates and times.
    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
