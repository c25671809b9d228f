import TributaryCLI

await TributaryCommand.main()
