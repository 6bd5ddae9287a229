import Foundation

/// The write stage. The new site is written into a staging folder beside the
/// output and swapped in only when every file is written, so a failed build
/// leaves the previous site as it was.
public enum SiteWriter {
    /// Marks a folder as Confab's output, which a build may replace. A folder
    /// without it is never deleted: `--output ~/Documents` must not lose files.
    public static let marker = ".confab-output"

    public static func write(_ files: [OutputFile], to output: URL) throws {
        let fileManager = FileManager.default
        let output = output.standardizedFileURL
        let parent = output.deletingLastPathComponent()
        try checkReplaceable(output)
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ConfabError("cannot create \(parent.path): \(error.localizedDescription)")
        }

        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).confab-new-\(getpid())")
        try? fileManager.removeItem(at: staging)
        do {
            for file in files {
                let url = try destination(of: file.path, in: staging)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.bytes.write(to: url)
            }
            try Data("Written by Confab; the next build replaces this folder.\n".utf8)
                .write(to: staging.appendingPathComponent(marker))
        } catch {
            try? fileManager.removeItem(at: staging)
            throw (error as? ConfabError) ?? ConfabError("cannot write the site: \(error.localizedDescription)")
        }

        guard fileManager.fileExists(atPath: output.path) else {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        let old = parent.appendingPathComponent(".\(output.lastPathComponent).confab-old-\(getpid())")
        try? fileManager.removeItem(at: old)
        try fileManager.moveItem(at: output, to: old)
        do {
            try fileManager.moveItem(at: staging, to: output)
        } catch {
            // Put the previous site back rather than leave none.
            try? fileManager.moveItem(at: old, to: output)
            try? fileManager.removeItem(at: staging)
            throw ConfabError("cannot move the new site into \(output.path): \(error.localizedDescription)")
        }
        try? fileManager.removeItem(at: old)
    }

    /// An existing output folder may be replaced only when it is empty or Confab wrote it.
    static func checkReplaceable(_ output: URL) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ConfabError("output \(output.path) is a file, not a folder")
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: output.path)) ?? []
        guard entries.isEmpty || entries.contains(marker) else {
            throw ConfabError("refusing to replace \(output.path): Confab did not write it (no \(marker) file); remove it or choose another --output")
        }
    }

    /// The file's place in the folder; a path that could leave it is a bug upstream, never written.
    static func destination(of path: String, in folder: URL) throws -> URL {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\\") })
        else { throw ConfabError("unsafe output path '\(path)'") }
        return folder.appendingPathComponent(path)
    }
}
