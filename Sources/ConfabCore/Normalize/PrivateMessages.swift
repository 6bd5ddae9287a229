/// Direct and private messages are left out unless `privacy: private_messages: true`: the
/// one place that decides it, for every platform. Readers only say what the export says
/// (`RawConversation.isPrivate`, `RawEvent.isPrivate`); nothing of what is left out goes on
/// to a session, a page or the cache.
struct PrivateMessages {
    /// Private conversations left out, and their messages.
    private(set) var conversations = 0, conversationMessages = 0
    /// Private messages left out of conversations that are not private (Zoom's direct messages).
    private(set) var messages = 0
    private var firstSource: SourceLocation?

    /// The conversation as it may be published: nil when it is private, else without its
    /// private messages. Everything passes when the settings publish private messages.
    mutating func published(_ raw: RawConversation, config: SiteConfig) -> RawConversation? {
        guard !config.privateMessages else { return raw }
        if raw.isPrivate {
            conversations += 1
            conversationMessages += raw.events.count { $0.kind != .system }
            firstSource = firstSource ?? raw.source
            return nil
        }
        guard raw.events.contains(where: \.isPrivate) else { return raw }
        var kept = raw
        kept.events = raw.events.filter { !$0.isPrivate }
        messages += raw.events.count - kept.events.count
        firstSource = firstSource ?? raw.source
        return kept
    }

    /// One warning for a source, counting what was left out and naming the setting.
    func warning(source: String?) -> Diagnostic? {
        guard let first = firstSource else { return nil }
        var parts: [String] = []
        if conversations > 0 {
            parts.append("\(Wording.plural(conversations, "direct or private conversation")) (\(Wording.plural(conversationMessages, "message")))")
        }
        if messages > 0 { parts.append(Wording.plural(messages, "direct message")) }
        return .warning(source.map { SourceLocation(file: $0) } ?? first,
                        "\(Wording.list(parts)) left out (privacy: private_messages: true publishes them)")
    }
}
