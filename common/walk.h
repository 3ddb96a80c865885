/* walk.h: what the directory walk (walk.c) shares with the rest of
 * common/workspace.c. The walk's public entry points are declared in
 * workspace.h (okr_workspace_gather and the files list), as every caller
 * gathers and reads through the workspace. */
#ifndef OKR_WALK_H
#define OKR_WALK_H

/* Whether the process may hold enough descriptors for threads to each
 * hold some more than one at a time: the walk on threads and the readers'
 * held directories are for then (the usual limit is 1,024). Under a lower
 * limit they take no more descriptors than a walk and reads by path. */
int okr_walk_plenty_of_fds(void);

#endif
