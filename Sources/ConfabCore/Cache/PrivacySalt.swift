import Foundation

/// The secret that pseudonyms are derived from. The settings' `privacy: salt`, else the
/// environment's `CONFAB_PRIVACY_SALT` (a CI secret), else one generated once and kept
/// beside the build cache (`.confab-cache/<output name>.salt`), which no build prunes.
enum PrivacySalt {
    static let environmentKey = "CONFAB_PRIVACY_SALT"

    /// The settings with their salt, when pseudonyms need one. `output` nil: nothing is
    /// written (`confab check`), and a salt of this run only is used when none is kept.
    static func resolve(_ config: SiteConfig, output: URL?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (config: SiteConfig, diagnostic: Diagnostic?) {
        guard config.privacy.pseudonymizes, config.privacy.salt == nil else { return (config, nil) }
        var config = config
        if let salt = environment[environmentKey], salt.count >= 16 {
            config.privacy.salt = salt
            return (config, nil)
        }
        let file = output.map { BuildCache.cacheURL(for: $0, suffix: ".salt") }
        if let file, let kept = try? String(contentsOf: file, encoding: .utf8), kept.count >= 32 {
            config.privacy.salt = kept
            return (config, nil)
        }
        var generator = SystemRandomNumberGenerator()
        let salt = SHA256.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        config.privacy.salt = salt
        guard let file else { return (config, nil) }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let kept = (try? Data(salt.utf8).write(to: file, options: [.atomic])) != nil
        // A secret: readable by its owner only.
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        // A build on a fresh clone (CI) makes a new one each time: its pseudonyms change.
        return (config, .warning(SourceLocation(file: "content/\(SiteReader.configFile)"),
            "privacy: pseudonyms use a new secret salt\(kept ? ", kept in \(file.path)" : ""); set privacy: salt or \(environmentKey) so they stay the same where .confab-cache is not kept"))
    }
}
