from shared.runtime import main

from .app import DEFINITION

main(DEFINITION)
