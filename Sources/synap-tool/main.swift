import SynapCommands

// synap-tool: every command; an s3:// or https:// input hands the command to synap-tool-remote.
SynapTool.main(remote: nil)
