# usp/: libusp, the agent side of USP (TR-369). Nothing built yet.
