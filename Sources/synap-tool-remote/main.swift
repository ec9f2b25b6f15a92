import SynapCommands
import SynapRemote

// synap-tool-remote: the same commands, with remote inputs read through RemoteArtifact.
SynapTool.main(remote: { RemoteCommands(options: $0) })
