package store

import "bulletin/model"

var _ model.Sited = (*Source)(nil)

// Site is where the stories of a folder source live on the web; zero for a
// feed, whose items carry their own links.
func (s *Source) Site() model.Site {
	if s.folder == nil {
		return model.Site{}
	}
	return s.folder.Site()
}
