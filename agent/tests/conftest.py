import sys
from pathlib import Path

# the agent is a script directory, not a package: make `import tts, levels, agent` work
AGENT_DIR = Path(__file__).resolve().parent.parent
if str(AGENT_DIR) not in sys.path:
    sys.path.insert(0, str(AGENT_DIR))
