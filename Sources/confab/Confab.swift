import ArgumentParser
import ConfabCore
import Foundation

@main
struct Confab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confab",
        abstract: "Build a static archive website from chat transcripts.",
        version: confabVersion,
        subcommands: [BuildCommand.self, CheckCommand.self]
    )
}

/// `--site`, shared by the commands that read a site.
struct SiteOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The site folder, holding content/.", valueName: "dir"))
    var site: String = "."

    var url: URL { URL(fileURLWithPath: site) }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Read content/ (and templates/) in the site folder and write the website.",
        discussion: "Warnings name the file and line; the rest of the archive still builds. Exit code 0 on success, 1 when the build fails."
    )

    @OptionGroup var site: SiteOption

    @Option(name: .long, help: ArgumentHelp("Where to write the website (default: <site>/public).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Fail (exit code 1) when there are warnings, writing nothing.")
    var strict = false

    @Flag(name: .long, help: "Print the seconds spent in each stage of the pipeline.")
    var timings = false

    @Flag(name: .long, help: "Rebuild even when nothing changed since the last build.")
    var force = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let options = BuildOptions(site: site.url, output: output.map { URL(fileURLWithPath: $0) }, strict: strict, force: force)
        let report: BuildReport
        do {
            report = try build(options)
        } catch let failure as InputFailure {
            failure.diagnostics.forEach { printError($0.description) }
            printError("confab: error: \(failure)")
            throw ExitCode.failure
        } catch {
            printError("confab: error: \(error)")
            throw ExitCode.failure
        }
        if timings {
            for (stage, seconds) in report.timings { print("\(stage.padding(toLength: 10, withPad: " ", startingAt: 0))\(String(format: "%8.3f", seconds)) s") }
        }
        guard !quiet else { return }
        report.diagnostics.forEach { printError($0.description) }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let counts = "\(Wording.plural(report.sessions, "session")), \(Wording.plural(report.messages, "message")), "
            + "\(Wording.plural(report.participants, "participant")), \(Wording.plural(report.pagesWritten, "page"))"
        let time = "in \(String(format: "%.2f", seconds)) s"
        if report.upToDate {
            print("\(counts) in \(options.output.relativePath) up to date: nothing changed since the last build (--force rebuilds) \(time)")
        } else {
            print("\(counts) written to \(options.output.relativePath) (\(Wording.plural(report.filesWritten, "file")), "
                + "\(report.filesChanged) changed) \(time)")
        }
    }

}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read and normalize the transcripts without writing anything; print diagnostics and counts per session.",
        discussion: "Exit code 0 when the transcripts read cleanly, 1 on errors (and on warnings with --strict)."
    )

    @OptionGroup var site: SiteOption

    @Flag(name: .long, help: "Fail (exit code 1) when there are warnings.")
    var strict = false

    func run() throws {
        let result: (archive: Archive, input: SiteInput, diagnostics: [Diagnostic])
        do {
            result = try readArchive(site: site.url)
        } catch {
            printError("confab: error: \(error)")
            throw ExitCode.failure
        }
        result.diagnostics.forEach { printError($0.description) }
        CheckReport.lines(result.archive).forEach { print($0) }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 || (strict && !result.diagnostics.isEmpty) {
            let failure = InputFailure(diagnostics: result.diagnostics, strict: strict)
            printError("confab: error: \(failure.reason)")
            throw ExitCode.failure
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
