from evalnb.cli import main

raise SystemExit(main())
