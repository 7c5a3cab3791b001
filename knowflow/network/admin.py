# Follows and trusted colleagues are personal choices; admins have no screen for them.
