// About and help (about.html): static text from the dictionaries; the chrome does the rest.
import { initChrome } from './ui.js';

initChrome();
